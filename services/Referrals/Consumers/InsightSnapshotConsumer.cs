using BuildingBlocks.Messaging;
using Contracts.Insights;
using Microsoft.EntityFrameworkCore;
using ReferralsService.Data;
using ReferralsService.Domain;

namespace ReferralsService.Consumers;

/// <summary>
/// Insight's backfill asks what Referrals holds: every sent referral's path (each status it reached and when, the
/// times its live events carried), its activity and referring team, and nothing about its person, in batches
/// through the outbox. Only these columns are read (the person is not). A draft's creation is left out, as no live
/// event tells of it either (so the referral's first-seen time is the same either way).
/// </summary>
public sealed class InsightSnapshotRequestedConsumer(ReferralsDb db, TimeProvider clock)
    : InboxConsumer<InsightSnapshotRequested, ReferralsDb>(db, clock)
{
    public const int BatchSize = 250;

    protected override async Task Handle(InsightSnapshotRequested message, CancellationToken ct)
    {
        var referrals = await Db.Referrals.AsNoTracking().Where(r => r.Status != ReferralStatus.Draft).OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.ServiceId, r.ReferrerTeam, Stages = r.Timeline.Select(t => new { t.To, t.At }).ToList() })
            .ToListAsync(ct);
        var facts = referrals.Select(r => new ReferralFacts(r.Id, r.ServiceId, r.ReferrerTeam,
            [.. r.Stages.Where(s => s.To != ReferralStatus.Draft).OrderBy(s => s.At).Select(s => new ReferralStageReached(Lifecycle.Kebab(s.To), s.At))])).ToList();
        var now = Clock.GetUtcNow();
        Db.PublishBatches(facts, BatchSize, (batch, batches, items) => new ReferralsSnapshot(message.RequestId, batch, batches, items, now), now);
    }
}
