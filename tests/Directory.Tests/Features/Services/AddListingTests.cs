using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Directory.Tests.OpenReferral;
using Directory.Tests.Support;
using Microsoft.EntityFrameworkCore;
using TestSupport;

namespace Directory.Tests.Features.Services;

public sealed class AddListingTestsOnPostgres(DirectoryApi api) : AddListingTests<DirectoryApi>(api);

public sealed class AddListingTestsOnSqlite(SqliteDirectoryApi api) : AddListingTests<SqliteDirectoryApi>(api);

/// <summary>
/// A provider adds a listing with its places and times (weekly, fortnightly, monthly "first Monday", one-off,
/// term time only): it waits for a curator, reads back whole, publishes its times through ORUK, and bad times are
/// field errors that leave nothing behind.
/// </summary>
public abstract class AddListingTests<TApi>(TApi api) : IClassFixture<TApi> where TApi : DirectoryApi
{
    private static readonly DateOnly NextYear = new(DateTime.UtcNow.Year + 1, 1, 1);

    /// <summary>The first Tuesday of next year: the first session of the fortnightly time.</summary>
    private static readonly DateOnly FirstTuesday = Enumerable.Range(0, 7).Select(NextYear.AddDays).First(d => d.DayOfWeek == DayOfWeek.Tuesday);

    private static JsonNode Weekly => Node(new { frequency = "weekly", byDay = new[] { "tuesday" }, opensAt = "10:00:00", closesAt = "12:00:00" });

    private static JsonNode Fortnightly => Node(new
    {
        frequency = "weekly", interval = 2, firstSession = FirstTuesday, byDay = new[] { "tuesday" }, opensAt = "18:00:00",
        closesAt = "20:00:00", termTimeOnly = true,
    });

    private static JsonNode FirstMonday => Node(new { frequency = "monthly", bySetPosition = 1, byDay = new[] { "monday" }, opensAt = "14:00:00", closesAt = "16:00:00" });

    private static JsonNode OneOff => Node(new { frequency = "once", date = NextYear.AddDays(40), opensAt = "11:00:00", closesAt = "13:00:00" });

    private static JsonObject WithTimes(JsonObject body, params JsonNode[] schedules) => body.With("schedules", new JsonArray(schedules));

    private static JsonNode NewPlace(string name) => new JsonArray(Node(new
    {
        name, address1 = "12 Northern Parade", city = "Portsmouth", postcode = "po2 9lu", accessibility = new[] { "step-free-access", "hearing-loop" },
    }));

    [Fact]
    public async Task A_provider_adds_a_listing_with_weekly_fortnightly_first_monday_and_one_off_times_and_a_new_place_for_review()
    {
        var org = await api.NewOrganisation("Hilsea Men's Shed");
        using var provider = api.ProviderOf(org);
        var body = WithTimes(Listings.Body(org, "Hilsea shed sessions"), Weekly, Fortnightly, FirstMonday, OneOff)
            .With("newPlaces", NewPlace("Hilsea Lido workshop"));

        var created = await DirectoryApi.Create(provider, body);
        Assert.Equal("pending-approval", created.GetProperty("status").GetString());

        var listing = await provider.GetListing(created.GetProperty("id").GetGuid());
        var schedules = listing.GetProperty("schedules").EnumerateArray().ToList();
        Assert.Equal(4, schedules.Count);
        Assert.Equal(1, schedules[0].GetProperty("interval").GetInt32());
        Assert.Equal(2, schedules[1].GetProperty("interval").GetInt32());
        Assert.Equal(FirstTuesday.ToString("yyyy-MM-dd"), schedules[1].GetProperty("firstSession").GetString());
        Assert.True(schedules[1].GetProperty("termTimeOnly").GetBoolean());
        Assert.Equal(1, schedules[2].GetProperty("bySetPosition").GetInt32());
        Assert.Equal("once", schedules[3].GetProperty("frequency").GetString());
        var place = Assert.Single(listing.GetProperty("locations").EnumerateArray());
        Assert.Equal("Hilsea Lido workshop", place.GetProperty("name").GetString());
        Assert.Equal("PO2 9LU", place.GetProperty("postcode").GetString());
        Assert.Contains("hearing-loop", listing.GetProperty("accessibility").EnumerateArray().Select(a => a.GetString()));

        // The curators see the times they are asked to approve, and the provider sees them on their own list.
        using var curator = api.Curator();
        var queue = await (await curator.GetAsync("/api/directory/moderation")).Json();
        var change = queue.GetProperty("pending").EnumerateArray().Single(c => c.GetProperty("serviceId").GetGuid() == listing.GetProperty("id").GetGuid());
        Assert.Contains(change.GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() == "schedules");
        var mine = await (await provider.GetAsync("/api/directory/my/services")).Json();
        Assert.Equal(4, mine.EnumerateArray().Single().GetProperty("schedules").GetArrayLength());
    }

    public static TheoryData<string, JsonNode, string?> BadTimes => new()
    {
        { "closes before it opens", Node(new { frequency = "weekly", byDay = new[] { "monday" }, opensAt = "14:00:00", closesAt = "13:00:00" }), "schedules[0].closesAt" },
        { "fortnightly with no first session", Node(new { frequency = "weekly", interval = 2, byDay = new[] { "monday" }, opensAt = "14:00:00" }), "schedules[0].firstSession" },
        { "first session on another day", Node(new { frequency = "weekly", interval = 2, firstSession = FirstTuesday, byDay = new[] { "monday" } }), "schedules[0].firstSession" },
        { "interval of nought", Node(new { frequency = "weekly", interval = 0, byDay = new[] { "monday" } }), "schedules[0].interval" },
        { "one-off that repeats", Node(new { frequency = "once", interval = 2, date = NextYear }), "schedules[0].interval" },
        { "a date in the year 1900", Node(new { frequency = "once", date = "1900-01-01" }), "schedules[0].date" },
        { "monthly with no day", Node(new { frequency = "monthly", bySetPosition = 1 }), "schedules[0].byMonthDay" },
        { "the ninth Monday", Node(new { frequency = "monthly", bySetPosition = 9, byDay = new[] { "monday" } }), "schedules[0].bySetPosition" },
        { "a day that does not exist", Node(new { frequency = "weekly", byDay = new[] { "funday" } }), null },
        { "a time that does not exist", Node(new { frequency = "weekly", byDay = new[] { "monday" }, opensAt = "25:00" }), null },
    };

    [Theory]
    [MemberData(nameof(BadTimes))]
    public async Task Bad_times_are_a_400_naming_the_field_and_nothing_is_saved(string why, JsonNode schedule, string? field)
    {
        var org = await api.NewOrganisation();
        using var provider = api.ProviderOf(org);
        var body = WithTimes(Listings.Body(org, "Bad times " + why), schedule).With("newPlaces", NewPlace("Never saved " + why));

        var response = await provider.PostAsJsonAsync("/api/directory/services", body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        // A value of the wrong shape (no such day or time) is named by its JSON path; a rule by the field it breaks.
        var errors = (await response.Json()).GetProperty("errors");
        if (field is not null) Assert.True(errors.TryGetProperty(field, out _), $"{why}: no error for '{field}' in {errors}");
        await AssertNothingSavedFor(org);
    }

    [Fact]
    public async Task A_new_listing_made_only_of_a_past_date_is_a_422_and_nothing_is_saved()
    {
        var org = await api.NewOrganisation();
        using var provider = api.ProviderOf(org);
        var past = Node(new { frequency = "once", date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3), opensAt = "10:00:00" });
        var body = WithTimes(Listings.Body(org, "Last week's fete"), Weekly, past).With("newPlaces", NewPlace("The fete field"));

        var response = await provider.PostAsJsonAsync("/api/directory/services", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await response.Json()).GetProperty("errors").TryGetProperty("schedules[1]", out _));
        await AssertNothingSavedFor(org);
    }

    [Fact]
    public async Task A_new_place_needs_a_real_postcode()
    {
        var org = await api.NewOrganisation();
        using var provider = api.ProviderOf(org);
        var noPostcode = Listings.Body(org).With("newPlaces", new JsonArray(Node(new { name = "Somewhere" })));
        var badPostcode = Listings.Body(org).With("newPlaces", new JsonArray(Node(new { name = "Somewhere", postcode = "NOT A CODE" })));

        foreach (var body in new[] { noPostcode, badPostcode })
        {
            var response = await provider.PostAsJsonAsync("/api/directory/services", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Json()).GetProperty("errors").TryGetProperty("newPlaces[0].postcode", out _));
        }
        await AssertNothingSavedFor(org);
    }

    [Fact]
    public async Task A_provider_adds_listings_only_for_their_own_organisation_and_its_places()
    {
        var mine = await api.NewOrganisation("Mine");
        var theirs = await api.NewOrganisation("Theirs");
        var theirPlace = await api.NewLocation(theirs, "Hilsea");
        using var provider = api.ProviderOf(mine);

        var forThem = await provider.PostAsJsonAsync("/api/directory/services",
            Listings.Body(theirs).With("newPlaces", NewPlace("Their new hall")));
        var unknown = await provider.PostAsJsonAsync("/api/directory/services", Listings.Body(Guid.NewGuid()));
        var theirHall = await provider.PostAsJsonAsync("/api/directory/services", Listings.Body(mine, locations: [theirPlace]));

        Assert.Equal(HttpStatusCode.Forbidden, forThem.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, theirHall.StatusCode);
        Assert.True((await theirHall.Json()).GetProperty("errors").TryGetProperty("locationIds[0]", out _));
        await AssertNothingSavedFor(mine);
        await api.InDatabase(async db => Assert.False(await db.Locations.AnyAsync(l => l.Name == "Their new hall")));
    }

    [Fact]
    public async Task The_listing_is_found_in_search_only_once_approved_and_its_times_are_in_the_oruk_api()
    {
        var org = await api.NewOrganisation("Stamshaw Repair Cafe");
        using var provider = api.ProviderOf(org);
        var word = "Fixit" + Guid.NewGuid().ToString("N")[..8];
        var body = WithTimes(Listings.Body(org, $"{word} repair cafe"), Fortnightly, FirstMonday).With("newPlaces", NewPlace("Stamshaw hall"));
        var created = await DirectoryApi.Create(provider, body);
        var id = created.GetProperty("id").GetGuid();
        using var anonymous = api.Anonymous();

        Assert.Equal(0, (await Search(anonymous, word)).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/services/{id}")).StatusCode);

        using var curator = api.Curator();
        var approve = await curator.PostAsJsonAsync($"/api/directory/moderation/{created.GetProperty("changeId").GetGuid()}/approve", new { });
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);

        await Eventually.Until(async () => (await Search(anonymous, word)).GetProperty("total").GetInt32() == 1,
            TimeSpan.FromSeconds(60), "the approved listing to be found in search");
        var oruk = await (await anonymous.GetAsync($"/services/{id}")).Json();
        Assert.Empty(OrukSchemas.Failures(OrukSchemas.ResponseOf("/services/{id}"), oruk));
        var times = oruk.GetProperty("schedules").EnumerateArray().ToList();
        Assert.Equal("WEEKLY", times[0].GetProperty("freq").GetString());
        Assert.Equal(2, times[0].GetProperty("interval").GetInt32());
        Assert.Equal(FirstTuesday.ToString("yyyy-MM-dd"), times[0].GetProperty("dtstart").GetString());
        Assert.Equal("TU", times[0].GetProperty("byday").GetString());
        Assert.Equal("Term time only", times[0].GetProperty("notes").GetString());
        Assert.Equal("MONTHLY", times[1].GetProperty("freq").GetString());
        Assert.Equal("1MO", times[1].GetProperty("byday").GetString());
    }

    private static async Task<JsonElement> Search(HttpClient http, string word) =>
        await (await http.GetAsync($"/api/directory/search?q={word}")).Json();

    private async Task AssertNothingSavedFor(Guid organisationId) => await api.InDatabase(async db =>
    {
        Assert.False(await db.Services.AnyAsync(s => s.OrganisationId == organisationId));
        Assert.False(await db.Locations.AnyAsync(l => l.OrganisationId == organisationId));
    });

    private static JsonNode Node<T>(T value) => JsonSerializer.SerializeToNode(value)!;
}
