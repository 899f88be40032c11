using System.Net;
using System.Net.Http.Json;
using Contracts.Directory;
using Microsoft.EntityFrameworkCore;
using ReferralsService;
using TestSupport;
using static Referrals.Tests.Features.ReferralsApi;

namespace Referrals.Tests.Features;

public sealed class CreateReferralTests(ServiceApi<ReferralsModule> api) : IClassFixture<ServiceApi<ReferralsModule>>
{
    [Fact]
    public async Task A_practitioner_refers_with_consent_and_the_referral_is_requested_and_announced()
    {
        var service = await api.ListService();
        using var http = api.ClientAs(Practitioner());

        var response = await http.Refer(service);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Json();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal("requested", body.GetProperty("status").GetString());
        Assert.Equal($"/api/referrals/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(1, await api.OutboxCount("ReferralStatusChanged", id));
        Assert.Equal(1, await api.OutboxCount("ReferralConsentChanged", id));
    }

    [Fact]
    public async Task Submitting_without_consent_is_a_422_naming_consent_and_saves_nothing()
    {
        var service = await api.ListService();
        using var http = api.ClientAs(Practitioner());

        var response = await http.Refer(service, withConsent: false, submit: true);

        var problem = await response.Problem(HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("consent", out _));
        Assert.Equal(0, await api.Db(db => db.Referrals.CountAsync(r => r.ServiceId == service)));
    }

    [Fact]
    public async Task Consent_given_in_British_summer_time_is_kept_as_the_same_instant()
    {
        var service = await api.ListService();
        using var http = api.ClientAs(Practitioner());
        var id = (await (await http.Refer(service, withConsent: false, submit: false)).Json()).GetProperty("id").GetGuid();
        var givenAt = DateTimeOffset.UtcNow.AddDays(-1).ToOffset(TimeSpan.FromHours(1));

        var response = await http.Post(id, "consent", new { givenBy = "person", method = "verbal", givenAt = givenAt.ToString("O"),
            shareWithProvider = true, shareOutcomesWithReferrer = true, contactBySms = false, contactByEmail = false });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await api.Db(db => db.Referrals.Where(r => r.Id == id).Select(r => r.Consent!.GivenAt).SingleAsync());
        Assert.Equal(givenAt.UtcDateTime, stored.UtcDateTime, TimeSpan.FromMilliseconds(1));
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00-14:00")]
    [InlineData("2001-06-01T10:00:00+00:00")]
    public async Task Consent_dated_more_than_ten_years_ago_is_a_400_naming_the_date(string givenAt)
    {
        var service = await api.ListService();
        using var http = api.ClientAs(Practitioner());
        var id = (await (await http.Refer(service, withConsent: false, submit: false)).Json()).GetProperty("id").GetGuid();

        var response = await http.Post(id, "consent", new { givenBy = "person", method = "verbal", givenAt,
            shareWithProvider = true, shareOutcomesWithReferrer = true, contactBySms = false, contactByEmail = false });

        var problem = await response.Problem(HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.Contains("givenAt", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_draft_without_consent_is_saved_and_can_be_requested_once_consent_is_recorded()
    {
        var service = await api.ListService();
        using var http = api.ClientAs(Practitioner());
        var created = await (await http.Refer(service, withConsent: false, submit: false)).Json();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("draft", created.GetProperty("status").GetString());
        (await (await http.Post(id, "request")).Problem(HttpStatusCode.UnprocessableEntity)).GetProperty("errors").GetProperty("consent");

        Assert.Equal(HttpStatusCode.OK, (await http.Post(id, "consent", Consent())).StatusCode);
        var requested = await http.Post(id, "request");

        Assert.Equal(HttpStatusCode.OK, requested.StatusCode);
        Assert.Equal("requested", (await requested.Json()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_same_person_referred_again_to_the_same_service_gets_a_409_linking_the_open_referral()
    {
        var service = await api.ListService();
        using var http = api.ClientAs(Practitioner("gp-b", "other-team"));
        var first = (await (await http.Refer(service, Person("Siân", "Lloyd-Jones", nhsNumber: "943 476 5919"))).Json()).GetProperty("id").GetGuid();

        var sameName = await http.Refer(service, Person("  sian ", "LLOYD JONES"));
        var sameNhsNumber = await http.Refer(service, Person("Sian", "Jones", "1950-01-01", nhsNumber: "9434765919"));
        var otherService = await http.Refer(await api.ListService(), Person("Siân", "Lloyd-Jones"));

        foreach (var duplicate in new[] { sameName, sameNhsNumber })
        {
            var problem = await duplicate.Problem(HttpStatusCode.Conflict);
            Assert.Equal(first, problem.GetProperty("existingReferralId").GetGuid());
            Assert.Equal($"/api/referrals/{first}", problem.GetProperty("existingReferral").GetString());
        }
        Assert.Equal(HttpStatusCode.Created, otherService.StatusCode);
    }

    [Fact]
    public async Task Once_the_first_referral_is_closed_the_person_can_be_referred_again()
    {
        var service = await api.ListService();
        using var http = api.ClientAs(Practitioner());
        var person = Person("Arthur", "Dent", "1952-03-11");
        var first = (await (await http.Refer(service, person)).Json()).GetProperty("id").GetGuid();
        await http.Post(first, "cancel", new { reason = "Moved house" });

        Assert.Equal(HttpStatusCode.Created, (await http.Refer(service, person)).StatusCode);
    }

    [Theory]
    [InlineData("suspended", "suspended")]
    [InlineData("removed", "removed")]
    [InlineData("not-accepting", "not accepting")]
    [InlineData("unknown", "not one that can be referred to")]
    public async Task A_service_that_cannot_take_referrals_is_refused_with_the_reason(string state, string reason)
    {
        var service = state switch
        {
            "suspended" => await api.ListService(change: s => s.Suspend("Hall closed for repairs", "Thursday club", DateTimeOffset.UtcNow)),
            "removed" => await api.ListService(change: s => s.Remove(DateTimeOffset.UtcNow)),
            "not-accepting" => await api.ListService(ReferralAcceptance.No),
            _ => Guid.NewGuid(),
        };
        using var http = api.ClientAs(Practitioner());

        var problem = await (await http.Refer(service)).Problem(HttpStatusCode.UnprocessableEntity);

        Assert.Contains(reason, problem.GetProperty("detail").GetString());
        Assert.Equal(0, await api.Db(db => db.Referrals.CountAsync(r => r.ServiceId == service)));
    }

    [Fact]
    public async Task A_waitlisted_service_takes_the_referral_and_marks_it_waitlisted()
    {
        var service = await api.ListService(ReferralAcceptance.Waitlist);
        using var http = api.ClientAs(Practitioner());
        var id = (await (await http.Refer(service)).Json()).GetProperty("id").GetGuid();

        var referral = await (await http.GetAsync($"/api/referrals/{id}")).Json();

        Assert.True(referral.GetProperty("flags").GetProperty("waitlisted").GetBoolean());
    }

    [Fact]
    public async Task Invalid_person_details_get_a_400_naming_each_field()
    {
        var service = await api.ListService();
        using var http = api.ClientAs(Practitioner());

        var response = await http.Refer(service, new { givenName = "", familyName = "X", dateOfBirth = "2999-01-01", nhsNumber = "1234567890", needs = Array.Empty<string>() });

        var errors = (await response.Problem(HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("person.givenName", out _));
        Assert.True(errors.TryGetProperty("person.dateOfBirth", out _));
        Assert.True(errors.TryGetProperty("person.nhsNumber", out _));
    }

    [Fact]
    public async Task A_resident_refers_themselves_where_the_activity_accepts_it_and_nowhere_else()
    {
        var open = await api.ListService(selfReferral: true);
        var closed = await api.ListService(selfReferral: false);
        using var resident = api.ClientAs(Resident("resident-self"));
        var body = new { person = Person("Rosa", "Diaz", "1990-07-01"), consent = Consent(), reason = "I'd like company" };

        var accepted = await resident.PostAsJsonAsync("/api/referrals/self", new { serviceId = open, body.person, body.consent, body.reason });
        var refused = await resident.PostAsJsonAsync("/api/referrals/self", new { serviceId = closed, body.person, body.consent, body.reason });

        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var created = await accepted.Json();
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("requested", created.GetProperty("status").GetString());
        Assert.Contains("self-referral", (await refused.Problem(HttpStatusCode.UnprocessableEntity)).GetProperty("detail").GetString());
        var own = await (await resident.GetAsync($"/api/referrals/{id}")).Json();
        Assert.Equal("resident", own.GetProperty("referrer").GetProperty("role").GetString());
    }

    [Fact]
    public async Task Only_residents_self_refer_and_only_practitioners_refer_others()
    {
        var service = await api.ListService(selfReferral: true);
        using var practitioner = api.ClientAs(Practitioner());
        using var resident = api.ClientAs(Resident());

        var practitionerSelf = await practitioner.PostAsJsonAsync("/api/referrals/self", new { serviceId = service, person = Person(), consent = Consent() });
        var residentRefers = await resident.Refer(service);

        Assert.Equal(HttpStatusCode.Forbidden, practitionerSelf.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, residentRefers.StatusCode);
    }
}
