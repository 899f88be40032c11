using BuildingBlocks.Persistence;

namespace BuildingBlocks.Messaging;

/// <summary>A snapshot's facts published in numbered batches through the outbox (one empty batch when there are none).</summary>
public static class SnapshotBatches
{
    public static void PublishBatches<TItem>(this ServiceDbContext db, IReadOnlyList<TItem> items, int size,
        Func<int, int, TItem[], object> batch, DateTimeOffset at)
    {
        var chunks = items.Chunk(size).ToList();
        if (chunks.Count == 0) chunks.Add([]);
        for (var i = 0; i < chunks.Count; i++) db.Publish(batch(i + 1, chunks.Count, chunks[i]), at);
    }
}
