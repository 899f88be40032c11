using Contracts.Directory;
using Contracts.Feedback;
using Contracts.Insights;
using Contracts.Referrals;
using Feedback.Tests.Support;
using FeedbackService.Data;
using FeedbackService.Domain;
using FeedbackService.Insights;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;
using static Feedback.Tests.Support.InsightDeliveries;

namespace Feedback.Tests.Insights;

public sealed class InsightBackfillTestsOnPostgres(FeedbackApi api) : InsightBackfillTests<FeedbackApi>(api);

public sealed class InsightBackfillTestsOnSqlite(SqliteFeedbackApi api) : InsightBackfillTests<SqliteFeedbackApi>(api);

/// <summary>
/// The backfill over real RabbitMQ and PostgreSQL: snapshot events (the Directory's listings, Referrals' referrals with
/// their stage times) and Feedback's own attendance, mixed with live events describing the same changes, redelivered
/// and out of order: every count is the same as from the live events alone, and the run is recorded done only once
/// every batch of every source is in.
/// </summary>
public abstract class InsightBackfillTests<TApi>(TApi api) : IClassFixture<TApi> where TApi : FeedbackApi
{
    private static readonly DateTimeOffset Monday = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly From = new(2026, 1, 1), To = new(2026, 3, 31);

    private static (object, Guid) Once(object message) => (message, Guid.NewGuid());

    private static ReferralStatusChanged Status(Guid referralId, Guid serviceId, string from, string to, DateTimeOffset at, string team) =>
        new(referralId, serviceId, Guid.NewGuid(), "referrer-1", from, to, null, "someone", true, at, "practitioner", team);

    private static ReferralFacts Facts(Guid referralId, Guid serviceId, string team, params (string Status, DateTimeOffset At)[] stages) =>
        new(referralId, serviceId, team, [.. stages.Select(s => new ReferralStageReached(s.Status, s.At))]);

    [Fact]
    public async Task Snapshots_and_live_events_of_the_same_changes_count_each_referral_once_in_any_order()
    {
        using var deliveries = new InsightDeliveries(api);
        var ward = $"Ward {Guid.NewGuid():N}"[..16];
        var team = $"Team {Guid.NewGuid():N}"[..14];
        var service = Guid.NewGuid();
        var r = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        var request = Guid.NewGuid(); // not this service's run: the facts still apply
        var listing = new ListingFacts(service, "Men's shed", ReferralAcceptance.Yes, [ward], ["crafts"], false, Monday.AddDays(-30));
        var snapshot = new ReferralsSnapshot(request, 1, 1,
        [
            Facts(r[0], service, team, ("draft", Monday), ("requested", Monday), ("accepted", Monday.AddDays(2))),
            Facts(r[1], service, team, ("draft", Monday), ("requested", Monday.AddHours(1)), ("accepted", Monday.AddDays(4)),
                ("in-progress", Monday.AddDays(8)), ("completed", Monday.AddDays(40))),
            Facts(r[2], service, team, ("draft", Monday), ("requested", Monday.AddHours(2)), ("rejected", Monday.AddDays(6))),
        ], Monday.AddDays(50));
        var sameMessage = Guid.NewGuid();

        // Live: the listing (older than the snapshot's), r0 requested and accepted (the same changes the snapshot holds).
        await deliveries.Publish(Once(new ServiceListed(service, Guid.NewGuid(), "Org", "Men's shed", ReferralAcceptance.Yes, true, true,
            [ward], Monday.AddDays(-40), ["crafts"])));
        await deliveries.Publish(Once(Status(r[0], service, "draft", "requested", Monday, team)),
            Once(Status(r[0], service, "requested", "accepted", Monday.AddDays(2), team)));
        // The snapshots, one redelivered (the same MessageId) and one re-sent on a second ask (a new MessageId).
        await deliveries.Publish(Once(new ListingsSnapshot(request, 1, 1, [listing], Monday.AddDays(50))));
        await deliveries.Publish((snapshot, sameMessage), (snapshot, sameMessage), Once(snapshot));
        // Live events arriving after the snapshot: r1's acceptance (older than what the snapshot said: out of order),
        // r3 (made after the snapshot was read) requested and accepted.
        await deliveries.Publish(Once(Status(r[1], service, "requested", "accepted", Monday.AddDays(4), team)),
            Once(Status(r[3], service, "requested", "accepted", Monday.AddDays(13), team)),
            Once(Status(r[3], service, "draft", "requested", Monday.AddDays(10), team)));
        await deliveries.AllHandled();

        var tables = await deliveries.Tables(From, To, ward);
        foreach (var (table, label) in new[] { ("funnel-by-ward", ward), ("funnel-by-category", "crafts"), ("funnel-by-team", team) })
        {
            var row = Row(tables, table, label);
            Assert.Equal((4, 3, 1), ((int)row["requested"]!, (int)row["accepted"]!, (int)row["completed"]!));
            // Response days: 2, 4 - 1h, 6 - 2h and 3.
            Assert.Equal((4, 3.0, 5.9), ((int)row["responded"]!, (double)row["responseMedianDays"]!, (double)row["response90thDays"]!));
        }
        Assert.Equal(1, (int)Row(tables, "supply-by-ward", ward)["activities"]!);
    }

    [Fact]
    public async Task Feedbacks_own_attendance_backfilled_and_then_delivered_live_counts_once()
    {
        using var deliveries = new InsightDeliveries(api);
        var ward = $"Ward {Guid.NewGuid():N}"[..16];
        var service = Guid.NewGuid();
        var referral = Guid.NewGuid();
        await deliveries.Publish(Once(new ServiceListed(service, Guid.NewGuid(), "Org", "Tea dance", ReferralAcceptance.Yes, true, true,
            [ward], Monday.AddDays(-40), ["dance"])));
        await deliveries.Publish(Once(Status(referral, service, "draft", "requested", Monday, "team")),
            Once(Status(referral, service, "requested", "accepted", Monday.AddDays(1), "team")));
        await deliveries.AllHandled();
        await Eventually.Until(() => InDb(db => db.Referrals.AnyAsync(x => x.Id == referral)), TimeSpan.FromSeconds(30), "Feedback's referral");

        // Attendance recorded before insight existed: in Feedback's own table, never seen by insight.
        var recordedAt = Monday.AddDays(8);
        await InDb(async db =>
        {
            db.Attendance.Add(new AttendanceRecord(referral, new DateOnly(2026, 1, 13), AttendanceStatus.Attended, "staff", recordedAt));
            db.Attendance.Add(new AttendanceRecord(referral, new DateOnly(2026, 1, 20), AttendanceStatus.DidNotAttend, "staff", recordedAt.AddDays(7)));
            db.Outcomes.Add(new OutcomeMeasure(referral, OutcomeStage.Baseline, new Ons4(6, 6, 6, 3), new Loneliness(2, 2, 2), "staff", recordedAt));
            // A fresh start: the fixture's run is forgotten, so the sweep starts a new one.
            db.RemoveRange(await db.Set<InsightBackfillRun>().ToListAsync());
            return await db.SaveChangesAsync();
        });

        await using (var scope = api.Services.CreateAsyncScope())
            Assert.Equal(4, await scope.ServiceProvider.GetRequiredService<InsightBackfill>().RunAsync(DateTimeOffset.UtcNow, CancellationToken.None));
        // The same sessions then delivered live (twice, and once under the same MessageId twice).
        var first = new AttendanceRecorded(referral, service, new DateOnly(2026, 1, 13), AttendanceStatus.Attended, true, 0, "staff", recordedAt);
        var twice = Guid.NewGuid();
        await deliveries.Publish((first, twice), (first, twice), Once(first),
            Once(new AttendanceRecorded(referral, service, new DateOnly(2026, 1, 20), AttendanceStatus.DidNotAttend, false, 1, "staff", recordedAt.AddDays(7))));
        await deliveries.AllHandled();

        var row = Row(await deliveries.Tables(From, To, ward), "funnel-by-ward", ward);
        Assert.Equal((1, 1, 2, 1), ((int)row["requested"]!, (int)row["firstAttended"]!, (int)row["sessions"]!, (int)row["didNotAttend"]!));
        Assert.Equal(1, await InDb(db => db.Set<InsightOutcome>().CountAsync(o => o.ReferralId == referral)));
        var run = await InDb(db => db.Set<InsightBackfillRun>().SingleAsync());
        Assert.NotNull(run.FeedbackDoneAt);
        Assert.Null(run.CompletedAt); // no Directory or Referrals here to answer
    }

    [Fact]
    public async Task The_run_is_recorded_done_when_every_batch_of_every_source_is_in_and_is_never_asked_again()
    {
        using var deliveries = new InsightDeliveries(api);
        var request = Guid.CreateVersion7();
        await InDb(async db =>
        {
            db.RemoveRange(await db.Set<InsightBackfillRun>().ToListAsync());
            return await db.SaveChangesAsync();
        });
        var asked = DateTimeOffset.UtcNow;
        await using (var scope = api.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<InsightBackfill>().RunAsync(asked, CancellationToken.None);
        var started = await InDb(db => db.Set<InsightBackfillRun>().SingleAsync());
        Assert.Equal((1, null), (started.Asks, started.CompletedAt));
        request = started.RequestId;

        var twice = Guid.NewGuid();
        var referralsBatch = new ReferralsSnapshot(request, 1, 1, [], asked);
        await deliveries.Publish(Once(new ListingsSnapshot(request, 2, 2, [], asked)), (referralsBatch, twice), (referralsBatch, twice), Once(referralsBatch));
        await deliveries.AllHandled();
        var waiting = await InDb(db => db.Set<InsightBackfillRun>().SingleAsync());
        Assert.NotNull(waiting.ReferralsDoneAt);
        Assert.Null(waiting.DirectoryDoneAt); // batch 1 of 2 not in yet
        Assert.Null(waiting.CompletedAt);

        // Answers overdue: asked again (the same RequestId), once.
        await using (var scope = api.Services.CreateAsyncScope())
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<InsightBackfill>().RunAsync(asked.AddHours(1), CancellationToken.None));
        await deliveries.Publish(Once(new ListingsSnapshot(request, 1, 2, [], asked)));
        await deliveries.AllHandled();
        var done = await InDb(db => db.Set<InsightBackfillRun>().SingleAsync());
        Assert.Equal((request, 2), (done.RequestId, done.Asks));
        Assert.NotNull(done.CompletedAt);

        await using (var scope = api.Services.CreateAsyncScope())
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<InsightBackfill>().RunAsync(asked.AddDays(1), CancellationToken.None));
        Assert.Equal(2, (await InDb(db => db.Set<InsightBackfillRun>().SingleAsync())).Asks);
    }

    private async Task<T> InDb<T>(Func<FeedbackDb, Task<T>> work)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<FeedbackDb>());
    }
}
