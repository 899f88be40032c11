using System.Net;
using System.Net.Http.Json;
using BuildingBlocks.Auth;
using Microsoft.EntityFrameworkCore;
using ReferralsService;
using TestSupport;
using static Referrals.Tests.Features.ReferralsApi;

namespace Referrals.Tests.Features;

/// <summary>The referrer and their team, and the receiving provider, see a referral; everyone else, curators included, gets 404.</summary>
public sealed class AuthorizationTests(ServiceApi<ReferralsModule> api) : IClassFixture<ServiceApi<ReferralsModule>>
{
    public static TheoryData<string, HttpStatusCode> Callers() => new()
    {
        { "referrer", HttpStatusCode.OK },
        { "team colleague", HttpStatusCode.OK },
        { "receiving provider", HttpStatusCode.OK },
        { "practitioner in another team", HttpStatusCode.NotFound },
        { "practitioner with no team", HttpStatusCode.NotFound },
        { "provider of another organisation", HttpStatusCode.NotFound },
        { "resident", HttpStatusCode.NotFound },
        { "curator", HttpStatusCode.NotFound },
        { "admin", HttpStatusCode.NotFound },
        { "anonymous", HttpStatusCode.Unauthorized },
    };

    private static string? TokenFor(string caller) => caller switch
    {
        "referrer" => Practitioner(),
        "team colleague" => Practitioner("gp-colleague", "cosham-pcn"),
        "receiving provider" => Provider(),
        "practitioner in another team" => Practitioner("gp-elsewhere", "southsea-pcn"),
        "practitioner with no team" => Practitioner("gp-alone", null),
        "provider of another organisation" => Provider(Guid.NewGuid(), "staff-other"),
        "resident" => Resident(),
        "curator" => Curator(),
        "admin" => TestTokens.For(Roles.Admin),
        _ => null,
    };

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Who_may_read_a_referral(string caller, HttpStatusCode expected)
    {
        var id = await api.Requested(await api.ListService());
        using var http = api.ClientAs(TokenFor(caller));

        var response = await http.GetAsync($"/api/referrals/{id}");
        var messages = await http.GetAsync($"/api/referrals/{id}/messages");

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected, messages.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        if (expected == HttpStatusCode.OK) Assert.Contains("Prefers mornings", body);
        else Assert.DoesNotContain("Person", body); // no personal data in any refusal
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Who_may_act_on_a_referral(string caller, HttpStatusCode expectedRead)
    {
        var id = await api.Requested(await api.ListService());
        using var http = api.ClientAs(TokenFor(caller));

        var response = await http.Post(id, "cancel", new { reason = "Testing rights" });

        // Providers cannot cancel before accepting (409); outsiders get what they get on reading.
        var expected = caller switch
        {
            "referrer" or "team colleague" => HttpStatusCode.OK,
            "receiving provider" => HttpStatusCode.Conflict,
            _ => expectedRead,
        };
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task A_strangers_404_for_a_real_referral_is_the_same_as_for_a_missing_one()
    {
        var id = await api.Requested(await api.ListService());
        using var stranger = api.ClientAs(Practitioner("gp-elsewhere", "southsea-pcn"));

        var real = await (await stranger.GetAsync($"/api/referrals/{id}")).Problem(HttpStatusCode.NotFound);
        var missing = await (await stranger.GetAsync($"/api/referrals/{Guid.NewGuid()}")).Problem(HttpStatusCode.NotFound);

        Assert.Equal(real.GetProperty("title").GetString(), missing.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_provider_does_not_see_a_draft_until_it_is_requested()
    {
        var service = await api.ListService();
        using var referrer = api.ClientAs(Practitioner());
        using var provider = api.ClientAs(Provider());
        var id = (await (await referrer.Refer(service, Person("Dora", "Draft", "1960-02-02"), submit: false)).Json()).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await provider.GetAsync($"/api/referrals/{id}")).StatusCode);
        await referrer.Post(id, "request");
        Assert.Equal(HttpStatusCode.OK, (await provider.GetAsync($"/api/referrals/{id}")).StatusCode);
    }

    [Fact]
    public async Task Every_read_of_personal_data_is_audited_with_who_and_why_and_refusals_are_not()
    {
        var id = await api.Requested(await api.ListService());
        using var referrer = api.ClientAs(Practitioner());
        using var provider = api.ClientAs(Provider());
        using var stranger = api.ClientAs(Practitioner("gp-elsewhere", "southsea-pcn"));

        await referrer.GetAsync($"/api/referrals/{id}");
        await provider.GetAsync($"/api/referrals/{id}");
        await provider.GetAsync($"/api/referrals/{id}/messages");
        await stranger.GetAsync($"/api/referrals/{id}");

        var entries = await api.Db(db => db.AuditLog.Where(a => a.ReferralId == id).OrderBy(a => a.Id)
            .Select(a => new { a.UserId, a.UserRole, a.Action, a.Purpose }).ToListAsync());
        Assert.Equal([("gp-a", "practitioner", "view referral"), ("staff-a", "provider", "view referral"), ("staff-a", "provider", "message thread")],
            entries.Select(e => (e.UserId, e.UserRole, e.Purpose)));
        Assert.All(entries, e => Assert.Equal("read", e.Action));
    }

    [Fact]
    public async Task Role_wide_routes_refuse_the_wrong_role()
    {
        using var practitioner = api.ClientAs(Practitioner());
        using var provider = api.ClientAs(Provider());
        using var curator = api.ClientAs(Curator());

        Assert.Equal(HttpStatusCode.Forbidden, (await practitioner.GetAsync("/api/referrals/incoming")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await provider.GetAsync("/api/referrals")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await provider.GetAsync("/api/referrals/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await practitioner.GetAsync("/api/referrals/stats")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await curator.GetAsync("/api/referrals")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await curator.PostAsJsonAsync("/api/referrals", new { })).StatusCode);
    }

    [Fact]
    public async Task Curators_see_counts_by_status_and_service_without_personal_data()
    {
        var service = await api.ListService();
        var id = await api.Requested(service, Person("Curie", "Counted", "1970-01-01"));
        using var provider = api.ClientAs(Provider());
        await provider.Post(id, "accept");
        await api.Requested(service, Person("Second", "Counted", "1971-01-01"));
        using var curator = api.ClientAs(Curator());

        var response = await curator.GetAsync("/api/referrals/stats");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Curie", text);
        Assert.DoesNotContain("Counted", text);
        var stats = await response.Json();
        var row = stats.GetProperty("byService").EnumerateArray().Single(s => s.GetProperty("serviceId").GetGuid() == service);
        Assert.Equal(2, row.GetProperty("total").GetInt32());
        Assert.Equal(1, row.GetProperty("byStatus").GetProperty("accepted").GetInt32());
        Assert.Equal(1, row.GetProperty("byStatus").GetProperty("requested").GetInt32());
        Assert.Equal(0, await api.Db(db => db.AuditLog.CountAsync(a => a.ReferralId == id && a.UserRole == "curator")));
    }
}
