using BuildingBlocks.Messaging;
using Contracts.Insights;
using DirectoryService.Data;
using DirectoryService.Domain;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Insights;

/// <summary>
/// Insight's backfill asks what the Directory holds: every listing ever published (removed ones marked so), as it
/// stands, with the time of its last change, and the gazetteer's ward centres, in batches through the outbox (together with the inbox row, so a
/// redelivered request is skipped and a re-ask under a new MessageId only sends the same facts again).
/// </summary>
public sealed class InsightSnapshotRequestedConsumer(DirectoryDb db, TimeProvider clock)
    : InboxConsumer<InsightSnapshotRequested, DirectoryDb>(db, clock)
{
    public const int BatchSize = 200;

    protected override async Task Handle(InsightSnapshotRequested message, CancellationToken ct)
    {
        var services = await Db.Services.AsNoTracking().Include(s => s.Organisation)
            .Where(s => s.Status == ServiceStatus.Active || s.Status == ServiceStatus.Suspended || s.Status == ServiceStatus.Removed)
            .OrderBy(s => s.Id).ToListAsync(ct);
        var locations = await Db.Locations.AsNoTracking().ToListAsync(ct);
        var facts = services.Select(s => new ListingFacts(s.Id, s.Name, s.Capacity.AcceptingReferrals, s.Wards(locations),
            [.. s.Terms.Select(t => t.TermCode).Order()], s.Status == ServiceStatus.Removed, s.UpdatedAt, s.Organisation.Name, s.Supply(locations))).ToList();
        var now = Clock.GetUtcNow();
        Db.PublishBatches(facts, BatchSize, (batch, batches, items) => new ListingsSnapshot(message.RequestId, batch, batches, items, now), now);
        Db.Publish(await WardCentresOf(Db, now, ct), now);
    }

    /// <summary>Each gazetteer ward's centre: the mean of its postcodes' points.</summary>
    public static async Task<WardCentres> WardCentresOf(DirectoryDb db, DateTimeOffset now, CancellationToken ct)
    {
        var wards = await db.Postcodes.AsNoTracking().Where(p => p.WardCode != null && p.WardName != null)
            .GroupBy(p => new { p.WardCode, p.WardName })
            .Select(g => new { g.Key.WardCode, g.Key.WardName, Latitude = g.Average(p => p.Latitude), Longitude = g.Average(p => p.Longitude) })
            .ToListAsync(ct);
        return new WardCentres([.. wards.OrderBy(w => w.WardCode).Select(w => new WardCentre(w.WardCode!, w.WardName!, Math.Round(w.Latitude, 5), Math.Round(w.Longitude, 5)))], now);
    }
}
