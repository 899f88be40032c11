using System.Net;
using System.Net.Http.Json;
using BuildingBlocks.Auth;
using TestSupport;
using static EndToEnd.Tests.SystemApi;

namespace EndToEnd.Tests.Feedback;

/// <summary>
/// Insight's backfill over the distributed system (three processes, real PostgreSQL and RabbitMQ): a system with a
/// listing, referrals and attendance, whose insight rows are then emptied (insight as first deployed), fills them again
/// from the services' snapshots over the bus, row for row as the live events had made them; it is done once, and a
/// restart neither asks again nor doubles anything. No snapshot carries the person or the referrer.
/// </summary>
public sealed class InsightBackfillTests
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(120);

    private const string ReferralRows = "SELECT coalesce(string_agg(concat_ws(',', referral_id, service_id, team, first_seen_at, requested_at, accepted_at, rejected_at, sent), ';' ORDER BY referral_id), '') FROM insight_referrals";
    private const string SessionRows = "SELECT coalesce(string_agg(concat_ws(',', referral_id, session_date, service_id, status, recorded_at), ';' ORDER BY referral_id, session_date), '') FROM insight_sessions";
    private const string ActivityRows = "SELECT coalesce(string_agg(concat_ws(',', service_id, name, wards, categories, accepting_referrals, removed), ';' ORDER BY service_id), '') FROM insight_activities";

    [Fact]
    public async Task An_existing_system_fills_insight_from_snapshots_once_and_a_restart_changes_nothing()
    {
        await using var system = await DistributedSystem.Start(new Dictionary<string, Dictionary<string, string>>
        {
            ["Feedback"] = new() { ["Insights__Backfill__Enabled"] = "false" },
        });
        var organisation = await system.CreateOrganisation("Hilsea Lunch Club");
        var service = await system.ListService(organisation, "Friday lunch club");
        await Eventually.Until(() => system.ReferralsKnows(service), Delivery, "Referrals to learn of the listing");
        await Eventually.Until(() => system.FeedbackKnows(service), Delivery, "Feedback to learn of the listing");

        using var referrer = system.Referrals.Client(TestTokens.For(Roles.Practitioner, null, "gp-backfill", "hilsea-pcn"));
        using var provider = system.Referrals.Client(TestTokens.For(Roles.Provider, organisation, "staff-backfill"));
        var accepted = await Draft(referrer, service);
        await Step(referrer, accepted, "consent", Consent, "draft");
        await Step(referrer, accepted, "request", null, "requested");
        await Step(provider, accepted, "accept", null, "accepted");
        var declined = await Draft(referrer, service, "Edna");
        await Step(referrer, declined, "consent", Consent, "draft");
        await Step(referrer, declined, "request", null, "requested");
        await Step(provider, declined, "reject", new { reason = "no-capacity" }, "rejected");
        var draftOnly = await Draft(referrer, service, "Doris");

        using var providerFeedback = system.Feedback.Client(TestTokens.For(Roles.Provider, organisation, "staff-backfill"));
        await Eventually.Until(async () => (await providerFeedback.PostAsJsonAsync($"/api/feedback/referrals/{accepted}/attendance",
            new { sessionDate = BuildingBlocks.Time.UkTime.Today(TimeProvider.System).ToString("yyyy-MM-dd"), status = "attended" })).StatusCode == HttpStatusCode.Created,
            Delivery, "Feedback to take the attendance of the accepted referral");

        // What the live events made.
        await Eventually.Until(async () => await system.Count("Feedback", "SELECT count(*) FROM insight_referrals WHERE accepted_at IS NOT NULL OR rejected_at IS NOT NULL") == 2
                                           && await system.Count("Feedback", "SELECT count(*) FROM insight_sessions") == 1,
            Delivery, "insight to take the live events");
        var (referrals, sessions, activities) = (await system.Text("Feedback", ReferralRows), await system.Text("Feedback", SessionRows),
            await system.Text("Feedback", ActivityRows));
        Assert.Contains(service.ToString(), activities);
        Assert.Contains(accepted.ToString(), referrals);
        Assert.DoesNotContain(draftOnly.ToString(), referrals); // a draft never sent: no event told of it

        // Insight as first deployed on this system: its rows empty, then the backfill on.
        await system.Feedback.Kill();
        await system.Execute("Feedback", "TRUNCATE insight_referrals, insight_sessions, insight_outcomes, insight_activities");
        await system.Feedback.Start(new Dictionary<string, string> { ["Insights__Backfill__Enabled"] = "true" });
        await Eventually.Until(async () => await system.Count("Feedback", "SELECT count(*) FROM insight_backfill_runs WHERE completed_at IS NOT NULL") == 1,
            Delivery, "the backfill to complete");

        // Row for row what the live events had made (the draft never sent is not in Referrals' snapshot either).
        Assert.Equal(referrals, await system.Text("Feedback", ReferralRows));
        Assert.Equal(sessions, await system.Text("Feedback", SessionRows));
        Assert.Equal(activities, await system.Text("Feedback", ActivityRows));

        // Snapshots carry no person and no referrer.
        var snapshots = await system.Text("Referrals", "SELECT string_agg(body, ' ') FROM outbox_messages WHERE message_type = 'Contracts.Insights.ReferralsSnapshot'");
        Assert.Contains(accepted.ToString(), snapshots);
        foreach (var personal in new[] { "Mary", "Edna", "O'Brien", "gp-backfill", "1948", "loneliness" })
            Assert.DoesNotContain(personal, snapshots, StringComparison.OrdinalIgnoreCase);

        // Live again after the backfill, and a restart: not asked again, nothing doubled.
        await Step(referrer, draftOnly, "consent", Consent, "draft");
        await Step(referrer, draftOnly, "request", null, "requested");
        await Eventually.Until(async () => await system.Count("Feedback", "SELECT count(*) FROM insight_referrals WHERE sent") == 3, Delivery,
            "insight to take the live request after the backfill");
        await system.Feedback.Kill();
        await system.Feedback.Start(new Dictionary<string, string> { ["Insights__Backfill__Enabled"] = "true" });
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(1, await system.Count("Feedback", "SELECT count(*) FROM insight_backfill_runs WHERE asks = 1"));
        Assert.Equal(1, await system.Count("Directory", "SELECT count(*) FROM outbox_messages WHERE message_type = 'Contracts.Insights.ListingsSnapshot'"));
        Assert.Equal(3, await system.Count("Feedback", "SELECT count(*) FROM insight_referrals"));
        Assert.Equal(1, await system.Count("Feedback", "SELECT count(*) FROM insight_sessions"));
    }
}
