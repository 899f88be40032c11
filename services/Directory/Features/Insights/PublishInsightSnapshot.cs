using BuildingBlocks.Messaging;
using Contracts.Insights;
using DirectoryService.Data;
using DirectoryService.Domain;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Insights;

/// <summary>
/// Insight's backfill asks what the Directory holds: every listing ever published (removed ones marked so), as it
/// stands, with the time of its last change, in batches through the outbox (together with the inbox row, so a
/// redelivered request is skipped and a re-ask under a new MessageId only sends the same facts again).
/// </summary>
public sealed class InsightSnapshotRequestedConsumer(DirectoryDb db, TimeProvider clock)
    : InboxConsumer<InsightSnapshotRequested, DirectoryDb>(db, clock)
{
    public const int BatchSize = 200;

    protected override async Task Handle(InsightSnapshotRequested message, CancellationToken ct)
    {
        var services = await Db.Services.AsNoTracking()
            .Where(s => s.Status == ServiceStatus.Active || s.Status == ServiceStatus.Suspended || s.Status == ServiceStatus.Removed)
            .OrderBy(s => s.Id).ToListAsync(ct);
        var locations = await Db.Locations.AsNoTracking().Where(l => l.Ward != null).ToListAsync(ct);
        var facts = services.Select(s => new ListingFacts(s.Id, s.Name, s.Capacity.AcceptingReferrals, s.Wards(locations),
            [.. s.Terms.Select(t => t.TermCode).Order()], s.Status == ServiceStatus.Removed, s.UpdatedAt)).ToList();
        var now = Clock.GetUtcNow();
        Db.PublishBatches(facts, BatchSize, (batch, batches, items) => new ListingsSnapshot(message.RequestId, batch, batches, items, now), now);
    }
}
