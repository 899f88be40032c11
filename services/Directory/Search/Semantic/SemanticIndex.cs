using System.Numerics;

namespace DirectoryService.Search.Semantic;

/// <summary>
/// The listings' embeddings held in memory (one copy per process, a singleton) and searched by brute force: a dot
/// product per listing over unit vectors is their cosine. Kept current from the index's vector table: each search
/// first reads the rows written since the last it saw (an indexed range on the write sequence, usually none), and
/// everything when the index was rebuilt (a new epoch) or the copy is older than <see cref="FullReloadAfter"/>. The
/// full reload bounds a race: on PostgreSQL two transactions can commit their sequence numbers out of order, so a row
/// could be skipped until then. Removed listings may linger in memory until the next full reload; they cannot be
/// found, as every candidate is put through the index's filters (and a removed listing is no longer in it).
/// Snapshots are immutable: a refresh builds a new one (copying the row references, not the vectors).
/// </summary>
public sealed class SemanticIndex(TimeProvider clock)
{
    public static readonly TimeSpan FullReloadAfter = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Snapshot _current = Snapshot.Empty;

    public sealed record Neighbour(Guid Id, double Cosine);

    public sealed class Snapshot
    {
        public static readonly Snapshot Empty = new(null, 0, [], [], DateTimeOffset.MinValue);

        private readonly Dictionary<Guid, int> _rows;

        public Snapshot(string? epoch, long seq, Guid[] ids, float[][] vectors, DateTimeOffset loadedAt)
        {
            Epoch = epoch;
            Seq = seq;
            Ids = ids;
            Vectors = vectors;
            LoadedAt = loadedAt;
            _rows = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        }

        public string? Epoch { get; }
        public long Seq { get; }
        public Guid[] Ids { get; }
        public float[][] Vectors { get; }
        public DateTimeOffset LoadedAt { get; }
        public int Count => Ids.Length;

        public Snapshot Apply(VectorBatch batch, DateTimeOffset now)
        {
            if (batch.Full)
            {
                var latest = batch.Rows.GroupBy(r => r.Id).Select(g => g.MaxBy(r => r.Seq)!).ToList();
                return new Snapshot(batch.Epoch, batch.Rows.Select(r => r.Seq).DefaultIfEmpty(0).Max(),
                    [.. latest.Select(r => r.Id)], [.. latest.Select(r => r.Vector)], now);
            }
            var ids = Ids.ToList();
            var vectors = Vectors.ToList();
            var rows = new Dictionary<Guid, int>(_rows);
            foreach (var row in batch.Rows.OrderBy(r => r.Seq))
            {
                if (rows.TryGetValue(row.Id, out var i)) vectors[i] = row.Vector;
                else
                {
                    rows[row.Id] = ids.Count;
                    ids.Add(row.Id);
                    vectors.Add(row.Vector);
                }
            }
            return new Snapshot(Epoch, Math.Max(Seq, batch.Rows.Select(r => r.Seq).DefaultIfEmpty(0).Max()), [.. ids], [.. vectors], LoadedAt);
        }

        /// <summary>The <paramref name="take"/> nearest with a cosine of at least <paramref name="floor"/>, nearest first.</summary>
        public IReadOnlyList<Neighbour> Nearest(float[] query, int take, double floor)
        {
            var best = new PriorityQueue<int, float>(take + 1);
            for (var i = 0; i < Vectors.Length; i++)
            {
                var cosine = Dot(query, Vectors[i]);
                if (cosine < floor) continue;
                if (best.Count < take) best.Enqueue(i, cosine);
                else if (best.TryPeek(out _, out var worst) && cosine > worst) best.EnqueueDequeue(i, cosine);
            }
            var found = new List<Neighbour>(best.Count);
            while (best.TryDequeue(out var i, out var cosine)) found.Add(new Neighbour(Ids[i], cosine));
            found.Reverse();
            return found;
        }
    }

    /// <summary>The current snapshot, first brought up to date from the index (one cheap query when nothing changed).</summary>
    public async Task<Snapshot> CurrentAsync(ISearchBackend backend, CancellationToken ct)
    {
        var snapshot = _current;
        // Another search is refreshing: use what is held, unless nothing is held yet.
        if (!await _refresh.WaitAsync(snapshot.Count == 0 ? Timeout.Infinite : 0, ct)) return snapshot;
        try
        {
            snapshot = _current;
            var now = clock.GetUtcNow();
            var full = now - snapshot.LoadedAt > FullReloadAfter;
            var batch = await backend.VectorsSinceAsync(full ? null : snapshot.Epoch, snapshot.Seq, ct);
            if (batch.Full || batch.Rows.Count > 0) _current = snapshot = snapshot.Apply(batch, now);
            return snapshot;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public static float Dot(float[] a, float[] b)
    {
        var length = Math.Min(a.Length, b.Length);
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= length - Vector<float>.Count; i += Vector<float>.Count)
            sum += new Vector<float>(a, i) * new Vector<float>(b, i);
        var dot = Vector.Dot(sum, Vector<float>.One);
        for (; i < length; i++) dot += a[i] * b[i];
        return dot;
    }
}
