using System.Net;
using System.Net.Http.Json;
using BuildingBlocks.Auth;
using Microsoft.EntityFrameworkCore;
using ReferralsService;
using TestSupport;
using static Referrals.Tests.Features.ReferralsApi;

namespace Referrals.Tests.Features;

/// <summary>
/// Consent withdrawn (in whole or in part) takes effect at once for every read in Referrals: the provider stops
/// seeing who the person is, and a duplicate check tells no one about referrals they have no right to.
/// </summary>
public sealed class ConsentWithdrawalTests(ServiceApi<ReferralsModule> api) : IClassFixture<ServiceApi<ReferralsModule>>
{
    private static readonly string[] PersonalData = ["Winifred", "Quixley", "1939-04-02", "943 476 5870", "9434765870", "07700 900123",
        "mary@example.org", "Prefers mornings", "Recently bereaved", "loneliness"];

    private static object Winifred() => Person("Winifred", "Quixley", "1939-04-02", nhsNumber: "943 476 5870");

    [Fact]
    public async Task After_consent_to_share_with_the_provider_is_withdrawn_the_provider_sees_no_personal_data_anywhere()
    {
        var id = await api.Requested(await api.ListService(), Winifred());
        using var referrer = api.ClientAs(Practitioner());
        using var provider = api.ClientAs(Provider());
        await referrer.PostAsJsonAsync($"/api/referrals/{id}/messages", new { text = "Winifred Quixley prefers mornings" });
        await provider.PostAsJsonAsync($"/api/referrals/{id}/messages", new { text = "We can offer Tuesday" });

        var withdrawn = await referrer.PostAsJsonAsync($"/api/referrals/{id}/consent", Consent(shareWithProvider: false));

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var detail = await provider.GetAsync($"/api/referrals/{id}");
        var incoming = await provider.GetAsync("/api/referrals/incoming?pageSize=200");
        var messages = await provider.GetAsync($"/api/referrals/{id}/messages");
        Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
        // Other tests' referrals share this database: only this referral's row of the queue is this test's.
        var row = (await incoming.Json()).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == id);
        var body = await detail.Content.ReadAsStringAsync() + row + await messages.Content.ReadAsStringAsync();
        Assert.All(PersonalData, data => Assert.DoesNotContain(data, body));
        Assert.Contains("We can offer Tuesday", body); // the provider's own words stay with it
        Assert.True((await detail.Json()).GetProperty("personWithheld").GetBoolean());
        Assert.True(row.GetProperty("personWithheld").GetBoolean());
    }

    [Fact]
    public async Task The_referrer_still_sees_the_person_and_consent_given_again_shows_them_to_the_provider_again()
    {
        var id = await api.Requested(await api.ListService(), Winifred());
        using var referrer = api.ClientAs(Practitioner());
        using var provider = api.ClientAs(Provider());
        await referrer.PostAsJsonAsync($"/api/referrals/{id}/consent", Consent(shareWithProvider: false));

        Assert.Contains("Quixley", await referrer.GetStringAsync($"/api/referrals/{id}"));
        await referrer.PostAsJsonAsync($"/api/referrals/{id}/consent", Consent(shareWithProvider: true));
        Assert.Contains("Quixley", await provider.GetStringAsync($"/api/referrals/{id}"));
    }

    [Fact]
    public async Task A_withheld_read_is_audited_as_such()
    {
        var id = await api.Requested(await api.ListService(), Winifred());
        using var referrer = api.ClientAs(Practitioner());
        using var provider = api.ClientAs(Provider());
        await referrer.PostAsJsonAsync($"/api/referrals/{id}/consent", Consent(shareWithProvider: false));

        await provider.GetAsync($"/api/referrals/{id}");

        var purposes = await api.Db(db => db.AuditLog.Where(a => a.ReferralId == id && a.UserRole == Roles.Provider)
            .Select(a => a.Purpose).ToListAsync());
        Assert.Equal(["view referral (person withheld)"], purposes);
    }

    [Fact]
    public async Task Consent_can_be_withdrawn_after_the_referral_has_closed_and_the_other_services_are_told()
    {
        var id = await api.Requested(await api.ListService(), Winifred());
        using var referrer = api.ClientAs(Practitioner());
        await referrer.Post(id, "cancel", new { reason = "Moved away" });

        var withdrawn = await referrer.PostAsJsonAsync($"/api/referrals/{id}/consent", Consent(shareOutcomes: false));
        var widened = await referrer.PostAsJsonAsync($"/api/referrals/{id}/consent", Consent(shareOutcomes: true));

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        await widened.Problem(HttpStatusCode.Conflict);
        Assert.Equal(2, await api.OutboxCount("ReferralConsentChanged", id)); // on request, then the withdrawal
    }

    public static TheoryData<string> Strangers() => ["practitioner in another team", "practitioner with no team", "resident"];

    [Theory]
    [MemberData(nameof(Strangers))]
    public async Task A_duplicate_check_reveals_nothing_to_someone_with_no_right_to_the_open_referral(string stranger)
    {
        var service = await api.ListService(selfReferral: true);
        await api.Requested(service, Winifred());
        using var http = api.ClientAs(stranger switch
        {
            "practitioner in another team" => Practitioner("gp-elsewhere", "southsea-pcn"),
            "practitioner with no team" => Practitioner("gp-alone", null),
            _ => Resident(),
        });
        var sameNhsNumberOnly = Person("Win", "Q", "1939-04-03", nhsNumber: "9434765870");

        var response = stranger == "resident"
            ? await http.PostAsJsonAsync("/api/referrals/self", new { serviceId = service, person = sameNhsNumberOnly, consent = Consent(), reason = "Lonely" })
            : await http.Refer(service, sameNhsNumberOnly);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.DoesNotContain("existingReferral", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_team_colleague_is_told_of_the_teams_open_referral_for_the_same_person()
    {
        var service = await api.ListService();
        var first = await api.Requested(service, Winifred());
        using var colleague = api.ClientAs(Practitioner("gp-colleague", "cosham-pcn"));

        var problem = await (await colleague.Refer(service, Winifred())).Problem(HttpStatusCode.Conflict);

        Assert.Equal(first, problem.GetProperty("existingReferralId").GetGuid());
        Assert.All(PersonalData, data => Assert.DoesNotContain(data, problem.ToString()));
    }

    [Fact]
    public async Task Only_the_receiving_provider_learns_that_two_teams_referred_the_same_person()
    {
        var service = await api.ListService();
        var first = await api.Requested(service, Winifred());
        using var otherTeam = api.ClientAs(Practitioner("gp-elsewhere", "southsea-pcn"));
        using var provider = api.ClientAs(Provider());
        var second = (await (await otherTeam.Refer(service, Winifred())).Json()).GetProperty("id").GetGuid();

        var seenByOtherTeam = await (await otherTeam.GetAsync($"/api/referrals/{second}")).Json();
        var seenByProvider = await (await provider.GetAsync($"/api/referrals/{second}")).Json();

        Assert.False(seenByOtherTeam.TryGetProperty("duplicateOf", out _));
        Assert.Equal(first, seenByProvider.GetProperty("duplicateOf").GetGuid());
    }
}
