using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ReferralsService;
using TestSupport;
using static Referrals.Tests.Features.ReferralsApi;

namespace Referrals.Tests.Features;

/// <summary>A person's requests about their data, handled by hub staff: export everything held, or erase it.</summary>
public sealed class PersonDataRequestTests(ServiceApi<ReferralsModule> api) : IClassFixture<ServiceApi<ReferralsModule>>
{
    [Fact]
    public async Task A_curator_exports_every_referral_of_the_person_by_name_and_birth_date_or_NHS_number_and_each_read_is_audited()
    {
        var service = await api.ListService();
        var byName = await api.Requested(service, Person("Ottoline", "Vexbridge", "1941-03-09"));
        var byNhs = await api.Requested(await api.ListService(), Person("Otto", "Vexbridge-Smith", "1941-03-09", nhsNumber: "943 476 5838"));
        var stranger = await api.Requested(service, Person("Ottoline", "Vexbridge", "1941-03-10"));
        using var curator = api.ClientAs(Curator());

        var response = await curator.PostAsJsonAsync("/api/referrals/people/export",
            new { person = new { givenName = "OTTOLINE", familyName = "vexbridge", dateOfBirth = "1941-03-09", nhsNumber = "9434765838" } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ids = (await response.Json()).GetProperty("referrals").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToList();
        Assert.Equal([byName, byNhs], ids);
        Assert.DoesNotContain(stranger, ids);
        Assert.Equal(2, await api.Db(db => db.AuditLog.CountAsync(a => (a.ReferralId == byName || a.ReferralId == byNhs) && a.Action == "export")));
    }

    [Fact]
    public async Task Erasure_cancels_an_open_referral_anonymises_every_one_and_tells_the_other_services()
    {
        var service = await api.ListService();
        var open = await api.Requested(service, Person("Perpetua", "Quenby", "1950-01-02"));
        var closed = await api.Requested(await api.ListService(), Person("Perpetua", "Quenby", "1950-01-02"));
        using var referrer = api.ClientAs(Practitioner());
        await referrer.PostAsJsonAsync($"/api/referrals/{open}/messages", new { text = "Perpetua's son visits on Sundays" });
        await referrer.Post(closed, "cancel", new { reason = "Moved away" });
        using var curator = api.ClientAs(Curator());

        var response = await curator.PostAsJsonAsync("/api/referrals/people/erase",
            new { person = new { givenName = "Perpetua", familyName = "Quenby", dateOfBirth = "1950-01-02" }, requestReference = "DSR-2026-118" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var detail = await referrer.GetStringAsync($"/api/referrals/{open}");
        Assert.DoesNotContain("Perpetua", detail + await referrer.GetStringAsync($"/api/referrals/{open}/messages"));
        Assert.Contains("\"status\":\"cancelled\"", detail);
        Assert.Contains("\"anonymised\":true", await referrer.GetStringAsync($"/api/referrals/{closed}"));
        Assert.Equal(1, await api.OutboxCount("ReferralAnonymised", open));
        Assert.Equal(1, await api.OutboxCount("ReferralAnonymised", closed));
        Assert.Equal(2, await api.Db(db => db.AuditLog.CountAsync(a => (a.ReferralId == open || a.ReferralId == closed)
                                                                         && a.Action == "erase" && a.Purpose.Contains("DSR-2026-118"))));
        var again = await curator.PostAsJsonAsync("/api/referrals/people/export",
            new { person = new { givenName = "Perpetua", familyName = "Quenby", dateOfBirth = "1950-01-02" } });
        Assert.Empty((await again.Json()).GetProperty("referrals").EnumerateArray());
    }

    [Theory]
    [InlineData("{\"person\":{\"givenName\":\"Only\"}}", "person.nhsNumber")]
    [InlineData("{\"person\":{\"nhsNumber\":\"12345\"}}", "person.nhsNumber")]
    [InlineData("{\"person\":{\"givenName\":\"A\",\"familyName\":\"B\",\"dateOfBirth\":\"not a date\"}}", null)]
    public async Task A_request_that_does_not_identify_a_person_is_a_400_problem(string body, string? field)
    {
        using var curator = api.ClientAs(Curator());
        var response = await curator.PostAsync("/api/referrals/people/export", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Problem(HttpStatusCode.BadRequest);
        if (field is not null) Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Erasure_needs_a_request_reference_and_changes_nothing_without_one()
    {
        var id = await api.Requested(await api.ListService(), Person("Quintus", "Abernethy", "1944-04-04"));
        using var curator = api.ClientAs(Curator());

        var response = await curator.PostAsJsonAsync("/api/referrals/people/erase",
            new { person = new { givenName = "Quintus", familyName = "Abernethy", dateOfBirth = "1944-04-04" }, requestReference = "" });

        await response.Problem(HttpStatusCode.BadRequest);
        Assert.Equal(0, await api.OutboxCount("ReferralAnonymised", id));
    }

    [Theory]
    [InlineData("practitioner")]
    [InlineData("provider")]
    [InlineData("resident")]
    public async Task Only_hub_staff_may_export_or_erase(string role)
    {
        using var caller = api.ClientAs(role switch { "practitioner" => Practitioner(), "provider" => Provider(), _ => Resident() });
        var export = await caller.PostAsJsonAsync("/api/referrals/people/export", new { person = new { nhsNumber = "9434765838" } });
        var erase = await caller.PostAsJsonAsync("/api/referrals/people/erase", new { person = new { nhsNumber = "9434765838" }, requestReference = "x" });
        Assert.Equal(HttpStatusCode.Forbidden, export.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, erase.StatusCode);
    }
}
