using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReferralsService;
using ReferralsService.Domain;
using TestSupport;
using static Referrals.Tests.Features.ReferralsApi;

namespace Referrals.Tests.Features;

/// <summary>
/// An assisted referral (issue #19): a practitioner refers someone with no email or phone, saying how the group can reach
/// them (by post, through a carer with their agreement, at the practice, by a home visit) and what they need to get there
/// (transport, company the first time, a hearing loop, an interpreter). Both reach the provider only while the person's
/// consent to share with it stands, like the rest of their details, and the referral goes round the loop as any other.
/// </summary>
public sealed class AssistedReferralTests(ServiceApi<ReferralsModule> api) : IClassFixture<ServiceApi<ReferralsModule>>
{
    private static object Person(string family, object? contactRoute, object? supportNeeds = null) => new
    {
        givenName = "Edith", familyName = family, dateOfBirth = "1938-02-11", needs = new[] { "loneliness" },
        contactRoute, supportNeeds,
    };

    private static object Consent(bool shareWithProvider = true) => new
    {
        givenBy = "person", method = "verbal", givenAt = DateTimeOffset.UtcNow.AddMinutes(-5), shareWithProvider,
        shareOutcomesWithReferrer = true, contactBySms = false, contactByEmail = false,
    };

    private static string Family() => "Assisted" + Guid.NewGuid().ToString("N")[..8];

    private async Task<HttpResponseMessage> Refer(Guid service, object person)
    {
        using var http = api.ClientAs(Practitioner());
        return await http.PostAsJsonAsync("/api/referrals", new { serviceId = service, person, consent = Consent(), reason = "Housebound", submit = true });
    }

    [Fact]
    public async Task A_person_with_no_email_or_phone_is_referred_by_post_with_their_support_needs_and_the_provider_reads_both_and_accepts()
    {
        var service = await api.ListService();
        var response = await Refer(service, Person(Family(),
            new { kind = "post", address = "  12 Northern Parade\r\nPortsmouth PO2 9LU  ", notes = "Large print, please" },
            new { transport = true, companion = true, hearingLoop = true, interpreter = true, interpreterLanguage = "Polish" }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Json()).GetProperty("id").GetGuid();

        using var provider = api.ClientAs(Provider());
        var seen = await (await provider.GetAsync($"/api/referrals/{id}")).Json();

        var person = seen.GetProperty("person");
        Assert.False(person.TryGetProperty("email", out _));
        Assert.False(person.TryGetProperty("phone", out _));
        var route = person.GetProperty("contactRoute");
        Assert.Equal("post", route.GetProperty("kind").GetString());
        Assert.Equal("12 Northern Parade\nPortsmouth PO2 9LU", route.GetProperty("address").GetString());
        Assert.Equal("Large print, please", route.GetProperty("notes").GetString());
        var support = person.GetProperty("supportNeeds");
        foreach (var need in new[] { "transport", "companion", "hearingLoop", "interpreter" }) Assert.True(support.GetProperty(need).GetBoolean(), need);
        Assert.Equal("Polish", support.GetProperty("interpreterLanguage").GetString());

        // The loop goes on as for anyone: the provider accepts and the referrer's side hears of it.
        Assert.Equal(HttpStatusCode.OK, (await provider.Post(id, "accept")).StatusCode);
        using var referrer = api.ClientAs(Practitioner());
        Assert.Equal("accepted", (await (await referrer.GetAsync($"/api/referrals/{id}")).Json()).GetProperty("status").GetString());
        Assert.True(await api.OutboxCount("ReferralStatusChanged", id) >= 2);
    }

    [Fact]
    public async Task Without_consent_to_share_with_the_provider_it_sees_neither_the_route_nor_the_needs_and_the_referrer_still_does()
    {
        var service = await api.ListService();
        var response = await Refer(service, Person(Family(),
            new { kind = "carer", carerName = "Jan Kowalski", carerRelationship = "son", carerPhone = "07700 900456", personAgreed = true },
            new { transport = true }));
        var id = (await response.Json()).GetProperty("id").GetGuid();
        using var referrer = api.ClientAs(Practitioner());

        var withdrawn = await referrer.PostAsJsonAsync($"/api/referrals/{id}/consent", Consent(shareWithProvider: false));

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        using var provider = api.ClientAs(Provider());
        var seen = await (await provider.GetAsync($"/api/referrals/{id}")).Json();
        Assert.False(seen.TryGetProperty("person", out _));
        Assert.True(seen.GetProperty("personWithheld").GetBoolean());
        var text = seen.GetRawText();
        Assert.DoesNotContain("Kowalski", text);
        Assert.DoesNotContain("07700 900456", text);
        var own = (await (await referrer.GetAsync($"/api/referrals/{id}")).Json()).GetProperty("person");
        Assert.Equal("Jan Kowalski", own.GetProperty("contactRoute").GetProperty("carerName").GetString());
        Assert.True(own.GetProperty("supportNeeds").GetProperty("transport").GetBoolean());
    }

    public static TheoryData<string, object, string> BadRoutes => new()
    {
        { "post with no address", new { kind = "post" }, "person.contactRoute.address" },
        { "a home visit with no address", new { kind = "home-visit", address = "  " }, "person.contactRoute.address" },
        { "a carer with no name", new { kind = "carer", personAgreed = true }, "person.contactRoute.carerName" },
        { "a carer the person did not agree to", new { kind = "carer", carerName = "Jan" }, "person.contactRoute.personAgreed" },
        { "a carer's number that is not one", new { kind = "carer", carerName = "Jan", personAgreed = true, carerPhone = "call me" }, "person.contactRoute.carerPhone" },
        { "an address far too long", new { kind = "post", address = new string('a', 501) }, "person.contactRoute.address" },
    };

    [Theory]
    [MemberData(nameof(BadRoutes))]
    public async Task A_contact_route_missing_what_it_needs_is_a_400_naming_the_field_and_nothing_is_saved(string why, object route, string field)
    {
        var service = await api.ListService();

        var response = await Refer(service, Person(Family(), route));

        var problem = await response.Problem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{why}: {problem}");
        Assert.Equal(0, await api.Db(db => db.Referrals.CountAsync(r => r.ServiceId == service)));
    }

    [Fact]
    public async Task An_unknown_route_is_a_400_naming_it()
    {
        var service = await api.ListService();

        var response = await Refer(service, Person(Family(), new { kind = "carrier-pigeon" }));

        var problem = await response.Problem(HttpStatusCode.BadRequest);
        Assert.Contains("contactRoute", problem.GetProperty("errors").EnumerateObject().Single().Name);
    }

    [Fact]
    public async Task Anonymising_forgets_the_route_and_keeps_the_support_needs_for_counts()
    {
        var service = await api.ListService();
        var response = await Refer(service, Person(Family(), new { kind = "home-visit", address = "3 Lake Road" }, new { companion = true }));
        var id = (await response.Json()).GetProperty("id").GetGuid();

        await api.Db(async db =>
        {
            var referral = await db.Referrals.SingleAsync(r => r.Id == id);
            referral.EraseOnRequest("curator-1", DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });

        var kept = await api.Db(db => db.Referrals.AsNoTracking().SingleAsync(r => r.Id == id));
        Assert.Null(kept.Person.ContactRoute);
        Assert.Equal(new SupportNeeds(Companion: true), kept.Person.SupportNeeds);
    }
}
