using System.Net;
using ReferralsService;
using TestSupport;
using static Referrals.Tests.Features.ReferralsApi;

namespace Referrals.Tests.Features;

public sealed class LifecycleApiTests(ServiceApi<ReferralsModule> api) : IClassFixture<ServiceApi<ReferralsModule>>
{
    [Fact]
    public async Task The_provider_walks_a_referral_to_completion_and_every_step_is_in_the_timeline_and_the_outbox()
    {
        var id = await api.Requested(await api.ListService());
        using var provider = api.ClientAs(Provider());

        foreach (var (action, status) in new[] { ("accept", "accepted"), ("start", "in-progress"), ("hold", "on-hold"), ("start", "in-progress"), ("complete", "completed") })
        {
            var response = await provider.Post(id, action);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(status, (await response.Json()).GetProperty("status").GetString());
        }

        var referral = await (await provider.GetAsync($"/api/referrals/{id}")).Json();
        var timeline = referral.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("to").GetString()!).ToArray();
        Assert.Equal(["draft", "requested", "accepted", "in-progress", "on-hold", "in-progress", "completed"], timeline);
        Assert.Equal("provider", referral.GetProperty("timeline")[6].GetProperty("byRole").GetString());
        Assert.Equal("staff-a", referral.GetProperty("timeline")[6].GetProperty("by").GetString());
        Assert.Empty(referral.GetProperty("allowedTransitions").EnumerateArray());
        Assert.Equal(6, await api.OutboxCount("ReferralStatusChanged", id));
    }

    [Fact]
    public async Task An_illegal_transition_is_a_409_naming_the_current_status_and_the_allowed_ones()
    {
        var id = await api.Requested(await api.ListService());
        using var provider = api.ClientAs(Provider());

        var problem = await (await provider.Post(id, "complete")).Problem(HttpStatusCode.Conflict);

        Assert.Equal("requested", problem.GetProperty("currentStatus").GetString());
        Assert.Equal(["accept", "reject"], problem.GetProperty("allowedTransitions").Strings());
        Assert.Equal(["accepted", "rejected"], problem.GetProperty("allowedStatuses").Strings());
    }

    [Fact]
    public async Task A_referrer_cannot_take_a_provider_action_403_and_a_provider_cannot_request_403()
    {
        var id = await api.Requested(await api.ListService());
        using var referrer = api.ClientAs(Practitioner());
        using var provider = api.ClientAs(Provider());

        await (await referrer.Post(id, "accept")).Problem(HttpStatusCode.Forbidden);
        await (await provider.Post(id, "entered-in-error", new { reason = "Not ours" })).Problem(HttpStatusCode.Forbidden);
        Assert.Equal(1, await api.OutboxCount("ReferralStatusChanged", id));
    }

    [Fact]
    public async Task Rejection_needs_one_of_the_listed_reasons_and_keeps_it()
    {
        var id = await api.Requested(await api.ListService());
        using var provider = api.ClientAs(Provider());

        var invalid = await (await provider.Post(id, "reject", new { reason = "busy" })).Problem(HttpStatusCode.BadRequest);
        var rejected = await provider.Post(id, "reject", new { reason = "not-eligible", note = "Lives outside the area" });

        Assert.Contains("no-capacity", invalid.GetProperty("errors").GetProperty("reason")[0].GetString());
        Assert.Equal("rejected", (await rejected.Json()).GetProperty("status").GetString());
        var last = (await (await provider.GetAsync($"/api/referrals/{id}")).Json()).GetProperty("timeline")[2];
        Assert.Equal(("not-eligible", "Lives outside the area"), (last.GetProperty("reason").GetString(), last.GetProperty("note").GetString()));
    }

    [Fact]
    public async Task Failing_and_cancelling_carry_their_reasons()
    {
        var failedId = await api.Requested(await api.ListService());
        var cancelledId = await api.Requested(await api.ListService());
        using var provider = api.ClientAs(Provider());
        using var referrer = api.ClientAs(Practitioner());
        await provider.Post(failedId, "accept");

        var failed = await provider.Post(failedId, "fail", new { reason = "did-not-attend" });
        var noReason = await referrer.Post(cancelledId, "cancel", new { reason = "" });
        var cancelled = await referrer.Post(cancelledId, "cancel", new { reason = "Person moved away" });

        Assert.Equal("failed", (await failed.Json()).GetProperty("status").GetString());
        await noReason.Problem(HttpStatusCode.BadRequest);
        Assert.Equal("cancelled", (await cancelled.Json()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_referrer_can_mark_a_closed_referral_entered_in_error_but_nothing_follows_it()
    {
        var id = await api.Requested(await api.ListService());
        using var referrer = api.ClientAs(Practitioner());
        await referrer.Post(id, "cancel", new { reason = "Wrong service" });

        var marked = await referrer.Post(id, "entered-in-error", new { reason = "Referred the wrong person" });
        var again = await (await referrer.Post(id, "entered-in-error", new { reason = "Twice" })).Problem(HttpStatusCode.Conflict);

        Assert.Equal("entered-in-error", (await marked.Json()).GetProperty("status").GetString());
        Assert.Equal("entered-in-error", again.GetProperty("currentStatus").GetString());
        Assert.Empty(again.GetProperty("allowedTransitions").EnumerateArray());
    }

    [Fact]
    public async Task The_caller_sees_only_their_own_next_steps()
    {
        var id = await api.Requested(await api.ListService());
        using var referrer = api.ClientAs(Practitioner());
        using var provider = api.ClientAs(Provider());

        var asReferrer = await (await referrer.GetAsync($"/api/referrals/{id}")).Json();
        var asProvider = await (await provider.GetAsync($"/api/referrals/{id}")).Json();

        Assert.Equal(["cancel", "entered-in-error"], asReferrer.GetProperty("allowedTransitions").Strings());
        Assert.Equal(["accept", "reject"], asProvider.GetProperty("allowedTransitions").Strings());
    }
}
