using System.Net;
using System.Text.Json;
using BuildingBlocks.Auth;
using ReferralsService;
using TestSupport;
using static Referrals.Tests.Features.ReferralsApi;

namespace Referrals.Tests.Features;

/// <summary>Admins search the personal-data audit log (GET /api/referrals/audit): who read which referral, filtered and paged.</summary>
public sealed class AuditLogTests(ServiceApi<ReferralsModule> api) : IClassFixture<ServiceApi<ReferralsModule>>
{
    private static string Admin() => TestTokens.For(Roles.Admin);

    [Fact]
    public async Task An_admin_finds_who_read_a_referral_by_its_id_by_the_reader_and_by_the_action()
    {
        var (id, reader) = await ReferralReadByAPractitioner();
        using var admin = api.ClientAs(Admin());

        var byReferral = await Entries(admin, $"referralId={id}");
        Assert.Contains(byReferral, e => e.Actor == reader && e.Action == "read" && e.Purpose == "view referral");
        Assert.All(byReferral, e => Assert.Equal(id, e.ReferralId));

        var byReader = await Entries(admin, $"actor={reader}&action=read");
        Assert.NotEmpty(byReader);
        Assert.All(byReader, e => Assert.True(e.Actor == reader && e.Action == "read"));

        Assert.Empty(await Entries(admin, $"referralId={id}&action=erase"));
    }

    [Fact]
    public async Task Dates_include_their_whole_day_and_exclude_the_days_outside_them()
    {
        var (id, _) = await ReferralReadByAPractitioner();
        using var admin = api.ClientAs(Admin());
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd");
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd");

        // An entry written just before midnight UTC could fall on "yesterday" by the time the filters run: both days are asked.
        Assert.NotEmpty(await Entries(admin, $"referralId={id}&from={yesterday}&to={today}"));
        Assert.Empty(await Entries(admin, $"referralId={id}&from={tomorrow}"));
        Assert.Empty(await Entries(admin, $"referralId={id}&to={DateTime.UtcNow.AddDays(-2):yyyy-MM-dd}"));
    }

    [Fact]
    public async Task Pages_are_newest_first_and_say_the_total()
    {
        var (id, reader) = await ReferralReadByAPractitioner();
        using (var gp = api.ClientAs(Practitioner(reader)))
            for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await gp.GetAsync($"/api/referrals/{id}")).StatusCode);
        using var admin = api.ClientAs(Admin());

        var first = await (await admin.GetAsync($"/api/referrals/audit?referralId={id}&action=read&page=1&pageSize=2")).Json();
        var second = await (await admin.GetAsync($"/api/referrals/audit?referralId={id}&action=read&page=2&pageSize=2")).Json();

        Assert.Equal(3, first.GetProperty("total").GetInt32());
        var times = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray())
            .Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(3, times.Count);
        Assert.Equal(times.OrderByDescending(t => t), times);
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("from=2026-05-02&to=2026-05-01", "to")]
    [InlineData("action=", "action")]
    [InlineData("actor=", "actor")]
    public async Task A_filter_out_of_range_is_a_400_naming_it(string query, string field)
    {
        if (query.EndsWith('=')) query += new string('x', 201); // longer than any id or action the services write
        using var admin = api.ClientAs(Admin());

        var problem = await (await admin.GetAsync($"/api/referrals/audit?{query}")).Problem(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Theory]
    [InlineData(Roles.Curator)]
    [InlineData(Roles.Practitioner)]
    [InlineData(Roles.Provider)]
    [InlineData(Roles.Resident)]
    public async Task Only_an_admin_may_read_the_audit_log(string role)
    {
        using var http = api.ClientAs(TestTokens.For(role, role == Roles.Provider ? ProviderOrg : null));

        await (await http.GetAsync("/api/referrals/audit")).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_read_to_print_is_logged_as_a_print_and_any_other_purpose_is_refused()
    {
        var (id, reader) = await ReferralReadByAPractitioner();
        using var gp = api.ClientAs(Practitioner(reader, null));
        Assert.Equal(HttpStatusCode.OK, (await gp.GetAsync($"/api/referrals/{id}?purpose=print")).StatusCode);
        await (await gp.GetAsync($"/api/referrals/{id}?purpose=export")).Problem(HttpStatusCode.BadRequest);
        using var admin = api.ClientAs(Admin());

        var entries = await Entries(admin, $"referralId={id}");

        Assert.Equal(["print referral", "view referral"], entries.Select(e => e.Purpose));
        Assert.All(entries, e => Assert.Equal(reader, e.Actor));
        Assert.All(entries, e => Assert.Equal("read", e.Action));
    }

    [Fact]
    public async Task A_stranger_asking_to_print_gets_the_same_404_as_for_an_unknown_referral_and_nothing_is_logged()
    {
        var (id, _) = await ReferralReadByAPractitioner();
        using var stranger = api.ClientAs(Practitioner($"gp-{Guid.NewGuid():N}"[..16], null));
        using var admin = api.ClientAs(Admin());
        var before = (await Entries(admin, $"referralId={id}")).Count;

        await (await stranger.GetAsync($"/api/referrals/{id}?purpose=print")).Problem(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"/api/referrals/{Guid.NewGuid()}?purpose=print")).Problem(HttpStatusCode.NotFound);

        Assert.Equal(before, (await Entries(admin, $"referralId={id}")).Count);
    }

    private async Task<(Guid Id, string Reader)> ReferralReadByAPractitioner()
    {
        var reader = $"gp-{Guid.NewGuid():N}"[..16];
        var service = await api.ListService();
        using var gp = api.ClientAs(Practitioner(reader, null));
        var id = (await (await gp.Refer(service, Person(given: $"Person{Guid.NewGuid():N}"[..14]))).Json()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await gp.GetAsync($"/api/referrals/{id}")).StatusCode);
        return (id, reader);
    }

    private sealed record Entry(string Actor, Guid ReferralId, string Action, string Purpose);

    private static async Task<List<Entry>> Entries(HttpClient admin, string query)
    {
        var response = await admin.GetAsync($"/api/referrals/audit?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Json()).GetProperty("items").EnumerateArray()
            .Select(e => new Entry(e.GetProperty("actorId").GetString()!, e.GetProperty("referralId").GetGuid(),
                e.GetProperty("action").GetString()!, e.GetProperty("purpose").GetString()!))
            .ToList();
    }
}
