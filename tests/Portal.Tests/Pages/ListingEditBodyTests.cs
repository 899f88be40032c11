using System.Text.Json;
using Portal.Pages.Provider;

namespace Portal.Tests.Pages;

/// <summary>The portal's listing edit is sent in the shape of the Directory's EditService.Command.</summary>
public sealed class ListingEditBodyTests
{
    // GET /api/directory/services/{id}, trimmed to what matters here.
    private const string Current = """
        {"id":"0b9f0c1e-0000-7000-8000-000000000001","name":"Tea and chat","summary":"Old summary","description":"Old",
         "url":"https://old.example.org","status":"active","attendingType":"in-person",
         "eligibility":{"minimumAge":60,"maximumAge":null,"description":"Over 60s"},
         "cost":{"isFree":true,"amount":null,"currency":"GBP","description":"Free"},
         "access":{"dropIn":true,"selfReferral":true,"practitionerReferral":true},
         "capacity":{"acceptingReferrals":"yes","spaces":4,"typicalResponseDays":null},
         "contact":{"name":"Jo","email":"old@example.org","phone":"023 9200 0000"},
         "languages":["en"],"taxonomy":[{"code":"befriending","name":"Befriending"}],
         "locations":[{"id":"0b9f0c1e-0000-7000-8000-0000000000aa","name":"Hall"}],
         "schedules":[{"frequency":"weekly","byDay":["tuesday"],"opensAt":"10:00:00","closesAt":"12:00:00","nextSession":"2026-12-01T10:00:00"}],
         "version":7}
        """;

    [Fact]
    public void The_body_is_the_whole_listing_with_the_form_fields_replaced_and_the_version_the_form_was_drawn_at()
    {
        var form = new EditForm
        {
            Name = " Tea, chat and cake ", Summary = "", Description = "New", Email = "new@example.org", Phone = null,
            Website = "https://new.example.org", Version = 5,
        };

        var body = JsonDocument.Parse(ListingEditBody.From(JsonDocument.Parse(Current).RootElement, form).ToJsonString()).RootElement;

        Assert.Equal("Tea, chat and cake", body.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("summary").ValueKind);
        Assert.Equal("New", body.GetProperty("description").GetString());
        Assert.Equal("https://new.example.org", body.GetProperty("url").GetString());
        Assert.Equal(5, body.GetProperty("version").GetInt32());
        Assert.Equal("Jo", body.GetProperty("contact").GetProperty("name").GetString());
        Assert.Equal("new@example.org", body.GetProperty("contact").GetProperty("email").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("contact").GetProperty("phone").ValueKind);
        Assert.Equal(60, body.GetProperty("eligibility").GetProperty("minimumAge").GetInt32());
        Assert.True(body.GetProperty("cost").GetProperty("isFree").GetBoolean());
        Assert.Equal("in-person", body.GetProperty("attendingType").GetString());
        Assert.Equal(["befriending"], body.GetProperty("taxonomyTerms").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["0b9f0c1e-0000-7000-8000-0000000000aa"], body.GetProperty("locationIds").EnumerateArray().Select(t => t.GetString()));
        var schedule = Assert.Single(body.GetProperty("schedules").EnumerateArray());
        Assert.Equal("weekly", schedule.GetProperty("frequency").GetString());
        Assert.False(schedule.TryGetProperty("nextSession", out _));
        // Read-only parts of the listing are not sent back.
        Assert.False(body.TryGetProperty("capacity", out _));
        Assert.False(body.TryGetProperty("status", out _));
    }

    [Fact]
    public void Further_phones_from_the_form_replace_the_listings_keeping_what_the_form_does_not_show_and_dropping_blank_ones()
    {
        var current = Current.Replace(""""phone":"023 9200 0000"}"""",
            """"phone":"023 9200 0000","morePhones":[{"number":"0203 289 6420","extension":"303","type":"voice","description":"Old"},{"number":"0117 332 7111"}]}"""");
        var form = new EditForm
        {
            Name = "Tea and chat", Phone = "023 9200 0000", Version = 7,
            MorePhones = [new() { Number = " 0203 289 6420 ", Description = "Outreach team" }, new() { Number = "" }, new() { Number = "07700 900123" }],
        };

        var body = JsonDocument.Parse(ListingEditBody.From(JsonDocument.Parse(current).RootElement, form).ToJsonString()).RootElement;

        var phones = body.GetProperty("contact").GetProperty("morePhones").EnumerateArray().ToList();
        Assert.Equal(["0203 289 6420", "07700 900123"], phones.Select(p => p.GetProperty("number").GetString()));
        Assert.Equal("303", phones[0].GetProperty("extension").GetString());
        Assert.Equal("Outreach team", phones[0].GetProperty("description").GetString());
        // Without the phone fields (MorePhones null) the listing's own go back as they are.
        var untouched = JsonDocument.Parse(ListingEditBody.From(JsonDocument.Parse(current).RootElement, new EditForm { Name = "Tea and chat", Version = 7 }).ToJsonString()).RootElement;
        Assert.Equal(2, untouched.GetProperty("contact").GetProperty("morePhones").GetArrayLength());
    }
}
