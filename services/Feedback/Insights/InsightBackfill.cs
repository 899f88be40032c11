using BuildingBlocks.Hosting;
using BuildingBlocks.Messaging;
using BuildingBlocks.Persistence;
using Contracts.Insights;
using FeedbackService.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FeedbackService.Insights;

// The backfill: when insight first starts on a system that already has listings, referrals and attendance, it fills
// its read model from what the services hold now, once. Feedback's own attendance and outcomes are read here directly
// (they are this service's tables); the Directory and Referrals are asked over the bus (InsightSnapshotRequested) and
// answer with snapshot events in numbered batches. The run is recorded: asked, each batch received, Feedback's own
// part done, and completed when every source has sent every batch; a restart before then asks again (the same
// RequestId), and answers are idempotent with the live events (the same stage times, earliest or newest winning).

/// <summary>The one backfill run: what is done and when it was last asked for.</summary>
public sealed class InsightBackfillRun
{
    public const string Directory = "directory", Referrals = "referrals";

    public Guid RequestId { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset LastAskedAt { get; private set; }
    public int Asks { get; private set; }
    public DateTimeOffset? FeedbackDoneAt { get; private set; }
    public DateTimeOffset? DirectoryDoneAt { get; private set; }
    public DateTimeOffset? ReferralsDoneAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    private InsightBackfillRun() { }

    public InsightBackfillRun(Guid requestId, DateTimeOffset at) => (RequestId, StartedAt) = (requestId, at);

    public void Asked(DateTimeOffset at) => (LastAskedAt, Asks) = (at, Asks + 1);

    public void FeedbackDone(DateTimeOffset at)
    {
        FeedbackDoneAt ??= at;
        Complete(at);
    }

    public void SourceDone(string source, DateTimeOffset at)
    {
        if (source == Directory) DirectoryDoneAt ??= at;
        else ReferralsDoneAt ??= at;
        Complete(at);
    }

    private void Complete(DateTimeOffset at)
    {
        if (FeedbackDoneAt is not null && DirectoryDoneAt is not null && ReferralsDoneAt is not null) CompletedAt ??= at;
    }
}

/// <summary>One snapshot batch received (keyed, so a batch sent twice is one row).</summary>
public sealed class InsightBackfillBatch
{
    public Guid RequestId { get; private set; }
    public string Source { get; private set; } = "";
    public int Batch { get; private set; }

    private InsightBackfillBatch() { }

    public InsightBackfillBatch(Guid requestId, string source, int batch) => (RequestId, Source, Batch) = (requestId, source, batch);
}

/// <summary>Starts the backfill once (at start-up and then hourly until it completes, asking again if answers are overdue).</summary>
public sealed class InsightBackfill(FeedbackDb db, IConfiguration configuration) : ISweep
{
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var run = await db.Set<InsightBackfillRun>().SingleOrDefaultAsync(ct);
        if (run?.CompletedAt is not null) return 0;
        var askAgainAfter = configuration.GetValue("Insights:Backfill:AskAgainAfter", TimeSpan.FromMinutes(30));
        if (run is not null && run.FeedbackDoneAt is not null && now - run.LastAskedAt < askAgainAfter) return 0;

        var changed = 0;
        if (run is null) run = db.Add(new InsightBackfillRun(Guid.CreateVersion7(), now)).Entity;
        if (run.FeedbackDoneAt is null)
        {
            changed = await ApplyOwnFactsAsync(ct);
            run.FeedbackDone(now);
        }
        run.Asked(now);
        db.Publish(new InsightSnapshotRequested(run.RequestId, now), now);
        await db.SaveChangesAsync(ct);
        return changed + 1;
    }

    /// <summary>Feedback's own attendance and outcomes, applied as their AttendanceRecorded and OutcomeRecorded would be.</summary>
    private async Task<int> ApplyOwnFactsAsync(CancellationToken ct)
    {
        var services = await db.Referrals.AsNoTracking().Select(r => new { r.Id, r.ServiceId }).ToDictionaryAsync(r => r.Id, r => r.ServiceId, ct);
        var sessions = await db.Set<InsightSession>().ToDictionaryAsync(s => (s.ReferralId, s.SessionDate), ct);
        var attendance = await db.Attendance.AsNoTracking().Select(a => new { a.ReferralId, a.SessionDate, a.Status, a.RecordedAt }).ToListAsync(ct);
        foreach (var a in attendance)
        {
            if (!sessions.TryGetValue((a.ReferralId, a.SessionDate), out var session))
                sessions[(a.ReferralId, a.SessionDate)] = session = db.Add(new InsightSession(a.ReferralId, a.SessionDate)).Entity;
            session.Apply(services.GetValueOrDefault(a.ReferralId), a.Status, a.RecordedAt);
        }
        var outcomes = await db.Set<InsightOutcome>().ToDictionaryAsync(o => (o.ReferralId, o.Stage), ct);
        var measured = await db.Outcomes.AsNoTracking().ToListAsync(ct);
        foreach (var m in measured)
        {
            if (!outcomes.TryGetValue((m.ReferralId, m.Stage), out var outcome))
                outcomes[(m.ReferralId, m.Stage)] = outcome = db.Add(new InsightOutcome(m.ReferralId, m.Stage)).Entity;
            outcome.Apply(m.Ons4PositiveTotal, m.Loneliness.Total, m.RecordedAt);
        }
        return attendance.Count + measured.Count;
    }
}

/// <summary>The Directory's listings as they stand (backfill): a newer live event already applied stands.</summary>
public sealed class InsightListingsSnapshotConsumer(FeedbackDb db, TimeProvider clock) : InboxConsumer<ListingsSnapshot, FeedbackDb>(db, clock)
{
    protected override async Task Handle(ListingsSnapshot m, CancellationToken ct)
    {
        var activities = await Db.FindOrAddAllAsync(m.Listings.Select(l => l.ServiceId), id => new InsightActivity(id), ct);
        foreach (var listing in m.Listings) activities[listing.ServiceId].Apply(listing);
        await InsightBackfillProgress.BatchReceived(Db, m.RequestId, InsightBackfillRun.Directory, m.Batch, m.Batches, Clock.GetUtcNow(), ct);
    }
}

/// <summary>Referrals' sent referrals with their stage times (backfill): the earliest time of each stage stands.</summary>
public sealed class InsightReferralsSnapshotConsumer(FeedbackDb db, TimeProvider clock) : InboxConsumer<ReferralsSnapshot, FeedbackDb>(db, clock)
{
    protected override async Task Handle(ReferralsSnapshot m, CancellationToken ct)
    {
        var referrals = await Db.FindOrAddAllAsync(m.Referrals.Select(r => r.ReferralId), id => new InsightReferral(id), ct);
        foreach (var referral in m.Referrals) referrals[referral.ReferralId].Apply(referral);
        await InsightBackfillProgress.BatchReceived(Db, m.RequestId, InsightBackfillRun.Referrals, m.Batch, m.Batches, Clock.GetUtcNow(), ct);
    }
}

internal static class InsightBackfillProgress
{
    /// <summary>
    /// Records a batch and, once every batch of the source is in, the source as done. The run's row is locked for the
    /// transaction (<see cref="ReadModels.FindOrAddAsync{T}"/>), so two batches handled at once cannot both miss the other.
    /// </summary>
    public static async Task BatchReceived(FeedbackDb db, Guid requestId, string source, int batch, int batches, DateTimeOffset now, CancellationToken ct)
    {
        var run = await db.FindOrAddAsync(requestId, id => new InsightBackfillRun(id, now), ct);
        if (await db.Set<InsightBackfillBatch>().FindAsync([requestId, source, batch], ct) is null)
            db.Add(new InsightBackfillBatch(requestId, source, batch));
        await db.SaveChangesAsync(ct);
        var received = await db.Set<InsightBackfillBatch>().CountAsync(b => b.RequestId == requestId && b.Source == source && b.Batch <= batches, ct);
        if (received >= batches) run.SourceDone(source, now);
    }
}

internal sealed class InsightBackfillConfiguration : IEntityTypeConfiguration<InsightBackfillRun>, IEntityTypeConfiguration<InsightBackfillBatch>
{
    public void Configure(EntityTypeBuilder<InsightBackfillRun> run)
    {
        run.ToTable("insight_backfill_runs");
        run.HasKey(r => r.RequestId);
        run.Property(r => r.RequestId).ValueGeneratedNever();
    }

    public void Configure(EntityTypeBuilder<InsightBackfillBatch> batch)
    {
        batch.ToTable("insight_backfill_batches");
        batch.HasKey(b => new { b.RequestId, b.Source, b.Batch });
        batch.Property(b => b.Source).HasMaxLength(20);
    }
}
