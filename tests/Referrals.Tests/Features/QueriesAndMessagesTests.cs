using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ReferralsService;
using TestSupport;
using static Referrals.Tests.Features.ReferralsApi;

namespace Referrals.Tests.Features;

public sealed class QueriesAndMessagesTests(ServiceApi<ReferralsModule> api) : IClassFixture<ServiceApi<ReferralsModule>>
{
    [Fact]
    public async Task A_practitioner_lists_their_own_and_their_teams_referrals_and_no_one_elses()
    {
        var service = await api.ListService();
        var mine = await api.Requested(service, Person("Mine", "Own", "1950-01-01"));
        using var colleague = api.ClientAs(Practitioner("gp-team-mate", "cosham-pcn"));
        using var outsider = api.ClientAs(Practitioner("gp-outsider", "southsea-pcn"));
        var colleagues = (await (await colleague.Refer(service, Person("Team", "Mates", "1951-01-01"))).Json()).GetProperty("id").GetGuid();
        var outsiders = (await (await outsider.Refer(service, Person("Not", "Ours", "1952-01-01"))).Json()).GetProperty("id").GetGuid();
        using var me = api.ClientAs(Practitioner());

        var page = await (await me.GetAsync($"/api/referrals?serviceId={service}")).Json();

        var ids = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(mine, ids);
        Assert.Contains(colleagues, ids);
        Assert.DoesNotContain(outsiders, ids);
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.Equal(2, await api.Db(db => db.AuditLog.CountAsync(a => a.UserId == "gp-a" && a.Purpose == "referrer's referral list"
            && (a.ReferralId == mine || a.ReferralId == colleagues))));
    }

    [Fact]
    public async Task The_list_filters_by_status_and_dates_and_rejects_an_unknown_status()
    {
        var service = await api.ListService();
        var requested = await api.Requested(service, Person("Filter", "Requested", "1953-01-01"));
        var cancelled = await api.Requested(service, Person("Filter", "Cancelled", "1954-01-01"));
        using var me = api.ClientAs(Practitioner());
        await me.Post(cancelled, "cancel", new { reason = "No longer wanted" });
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");

        var onlyCancelled = await (await me.GetAsync($"/api/referrals?serviceId={service}&status=cancelled&from={today}&to={today}")).Json();
        var beforeToday = await (await me.GetAsync($"/api/referrals?serviceId={service}&to=2020-01-01")).Json();
        var unknown = await me.GetAsync("/api/referrals?status=lost");

        Assert.Equal([cancelled], onlyCancelled.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(0, beforeToday.GetProperty("total").GetInt32());
        await unknown.Problem(HttpStatusCode.BadRequest);
        Assert.NotEqual(requested, cancelled);
    }

    [Fact]
    public async Task The_provider_queue_shows_only_its_organisations_referrals_new_first_and_no_drafts()
    {
        var organisation = Guid.NewGuid();
        var service = await api.ListService(organisation: organisation);
        var older = await api.Requested(service, Person("Queue", "Older", "1955-01-01"));
        var newer = await api.Requested(service, Person("Queue", "Newer", "1956-01-01"));
        using var provider = api.ClientAs(Provider(organisation, "staff-queue"));
        await provider.Post(older, "accept");
        using var referrer = api.ClientAs(Practitioner());
        var draft = (await (await referrer.Refer(service, Person("Queue", "Draft", "1957-01-01"), submit: false)).Json()).GetProperty("id").GetGuid();
        await api.Requested(await api.ListService(), Person("Other", "Organisation", "1958-01-01"));

        var queue = await (await provider.GetAsync("/api/referrals/incoming")).Json();

        var items = queue.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([newer, older], items.Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal("requested", items[0].GetProperty("status").GetString());
        Assert.False(items[0].GetProperty("overdue").GetBoolean());
        Assert.Equal("Queue Newer", items[0].GetProperty("personName").GetString());
        Assert.DoesNotContain(draft, items.Select(i => i.GetProperty("id").GetGuid()));
        var requestedOnly = await (await provider.GetAsync("/api/referrals/incoming?status=requested")).Json();
        Assert.Equal([newer], requestedOnly.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Referrer_and_provider_share_a_message_thread_and_each_post_is_announced()
    {
        var id = await api.Requested(await api.ListService());
        using var referrer = api.ClientAs(Practitioner());
        using var provider = api.ClientAs(Provider());
        using var stranger = api.ClientAs(Provider(Guid.NewGuid(), "staff-stranger"));

        var posted = await referrer.PostAsJsonAsync($"/api/referrals/{id}/messages", new { text = "She prefers to be called Molly." });
        await provider.PostAsJsonAsync($"/api/referrals/{id}/messages", new { text = "Thanks, we will call on Tuesday." });
        var intruder = await stranger.PostAsJsonAsync($"/api/referrals/{id}/messages", new { text = "Hello?" });
        var empty = await referrer.PostAsJsonAsync($"/api/referrals/{id}/messages", new { text = "" });

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, intruder.StatusCode);
        await empty.Problem(HttpStatusCode.BadRequest);
        var thread = await (await provider.GetAsync($"/api/referrals/{id}/messages")).Json();
        Assert.Equal([("referrer", "She prefers to be called Molly."), ("provider", "Thanks, we will call on Tuesday.")],
            thread.EnumerateArray().Select(m => (m.GetProperty("fromRole").GetString(), m.GetProperty("text").GetString())));
        Assert.Equal(2, await api.OutboxCount("ReferralMessagePosted", id));
    }

    [Fact]
    public async Task Attendance_goes_back_to_the_referrer_only_where_the_person_agreed()
    {
        var service = await api.ListService();
        using var referrer = api.ClientAs(Practitioner());
        var agreed = await api.Requested(service, Person("Shares", "Outcomes", "1960-03-03"));
        var refused = (await (await referrer.PostAsJsonAsync("/api/referrals", new
        {
            serviceId = service, person = Person("Keeps", "Private", "1961-03-03"), consent = Consent(shareOutcomes: false), reason = "x", submit = true,
        })).Json()).GetProperty("id").GetGuid();
        using var provider = api.ClientAs(Provider());

        var agreedView = await (await referrer.GetAsync($"/api/referrals/{agreed}")).Json();
        var refusedView = await (await referrer.GetAsync($"/api/referrals/{refused}")).Json();
        var providerView = await (await provider.GetAsync($"/api/referrals/{refused}")).Json();

        Assert.True(agreedView.TryGetProperty("attendance", out _));
        Assert.False(refusedView.TryGetProperty("attendance", out _));
        Assert.True(providerView.TryGetProperty("attendance", out _));
    }
}
