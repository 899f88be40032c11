using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
/// Beyond <see cref="Snapshot.ExactUpTo"/> listings the scan reads each vector quantised to 8 bits (a quarter of the
/// memory to stream: at 100,000 listings the float scan is bound by memory bandwidth), keeps a shortlist a few times
/// the size asked for, and scores the shortlist exactly: the cosines returned are always the exact ones.
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

        /// <summary>Up to this many listings the scan is exact (float); beyond, 8-bit codes shortlist and floats rescore.</summary>
        public const int ExactUpTo = 4096;

        /// <summary>The shortlist read exactly is this many times what was asked for.</summary>
        public const int Shortlist = 4;

        private readonly Dictionary<Guid, int> _rows;
        private readonly Int8Code[]? _codes;

        public Snapshot(string? epoch, long seq, Guid[] ids, float[][] vectors, DateTimeOffset loadedAt) : this(epoch, seq, ids, vectors, loadedAt, null)
        {
        }

        private Snapshot(string? epoch, long seq, Guid[] ids, float[][] vectors, DateTimeOffset loadedAt, Int8Code[]? codes)
        {
            Epoch = epoch;
            Seq = seq;
            Ids = ids;
            Vectors = vectors;
            LoadedAt = loadedAt;
            _rows = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
            _codes = vectors.Length <= ExactUpTo ? null : codes ?? [.. vectors.Select(Int8Code.From)];
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
            // Codes are kept (copied by reference) for the rows not changed; only the changed rows are quantised again.
            var codes = _codes?.ToList();
            var rows = new Dictionary<Guid, int>(_rows);
            foreach (var row in batch.Rows.OrderBy(r => r.Seq))
            {
                var code = codes is null ? default : Int8Code.From(row.Vector);
                if (rows.TryGetValue(row.Id, out var i))
                {
                    vectors[i] = row.Vector;
                    if (codes is not null) codes[i] = code;
                }
                else
                {
                    rows[row.Id] = ids.Count;
                    ids.Add(row.Id);
                    vectors.Add(row.Vector);
                    codes?.Add(code);
                }
            }
            return new Snapshot(Epoch, Math.Max(Seq, batch.Rows.Select(r => r.Seq).DefaultIfEmpty(0).Max()), [.. ids], [.. vectors], LoadedAt,
                codes is null ? null : [.. codes]);
        }

        /// <summary>The cosine of <paramref name="query"/> and the listing's vector; null when the listing has none.</summary>
        public double? Cosine(float[] query, Guid id) => _rows.TryGetValue(id, out var i) ? Dot(query, Vectors[i]) : null;

        /// <summary>
        /// The <paramref name="take"/> nearest with a cosine of at least <paramref name="floor"/>, nearest first; with
        /// <paramref name="among"/>, only those listings (the ones a search's filters let through), scored exactly.
        /// </summary>
        public IReadOnlyList<Neighbour> Nearest(float[] query, int take, double floor, IReadOnlyCollection<Guid>? among = null)
        {
            var best = new PriorityQueue<int, float>(take + 1);
            if (among is not null)
            {
                foreach (var id in among)
                    if (_rows.TryGetValue(id, out var i)) Offer(i, Dot(query, Vectors[i]), take);
            }
            else if (_codes is null)
                for (var i = 0; i < Vectors.Length; i++) Offer(i, Dot(query, Vectors[i]), take);
            else
            {
                // 8-bit codes shortlist (an approximate cosine a little under the floor still counts), floats decide.
                var q = Int8Code.From(query);
                var shortlist = new PriorityQueue<int, float>(take * Shortlist + 1);
                for (var i = 0; i < _codes.Length; i++)
                {
                    var approx = q.Cosine(_codes[i]);
                    if (approx < floor - Int8Code.Error) continue;
                    if (shortlist.Count < take * Shortlist) shortlist.Enqueue(i, approx);
                    else if (shortlist.TryPeek(out _, out var worst) && approx > worst) shortlist.EnqueueDequeue(i, approx);
                }
                while (shortlist.TryDequeue(out var i, out _)) Offer(i, Dot(query, Vectors[i]), take);
            }
            var found = new List<Neighbour>(best.Count);
            while (best.TryDequeue(out var i, out var cosine)) found.Add(new Neighbour(Ids[i], cosine));
            found.Reverse();
            return found;

            void Offer(int i, float cosine, int take)
            {
                if (cosine < floor) return;
                if (best.Count < take) best.Enqueue(i, cosine);
                else if (best.TryPeek(out _, out var worst) && cosine > worst) best.EnqueueDequeue(i, cosine);
            }
        }
    }

    /// <summary>
    /// How long a search uses the vectors held without asking the index for newer ones: what another replica indexed
    /// is found by meaning within this time. What this process indexed is asked for by the next search
    /// (<see cref="IndexedHere"/>). Asking on every search cost a statement a search (0.6 ms of 8 at 100,000 listings).
    /// </summary>
    public static readonly TimeSpan LookEvery = TimeSpan.FromSeconds(1);

    private long _lookedAt;
    private volatile bool _indexedHere;

    /// <summary>This process wrote or removed vectors, or rebuilt the index: the next search asks for them.</summary>
    public void IndexedHere() => _indexedHere = true;

    /// <summary>The current snapshot, brought up to date from the index (one cheap query) at most every <see cref="LookEvery"/>.</summary>
    public async Task<Snapshot> CurrentAsync(ISearchBackend backend, CancellationToken ct)
    {
        var snapshot = _current;
        var now = clock.GetUtcNow();
        if (snapshot.Count > 0 && !_indexedHere && now.UtcTicks - Volatile.Read(ref _lookedAt) < LookEvery.Ticks) return snapshot;
        // Another search is refreshing: use what is held, unless nothing is held yet.
        if (!await _refresh.WaitAsync(snapshot.Count == 0 ? Timeout.Infinite : 0, ct)) return snapshot;
        try
        {
            // Cleared before the read: what is indexed while it runs is asked for again by the next search.
            _indexedHere = false;
            snapshot = _current;
            var full = now - snapshot.LoadedAt > FullReloadAfter;
            var batch = await backend.VectorsSinceAsync(full ? null : snapshot.Epoch, snapshot.Seq, ct);
            if (batch.Full || batch.Rows.Count > 0) _current = snapshot = snapshot.Apply(batch, now);
            Volatile.Write(ref _lookedAt, now.UtcTicks);
            return snapshot;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>
    /// A unit vector quantised to 8 bits: each value over the vector's largest magnitude, times 127, rounded; the dot
    /// product of two codes times both scales approximates the cosine within <see cref="Error"/> for 384 dimensions.
    /// </summary>
    public readonly record struct Int8Code(sbyte[] Values, float Scale)
    {
        /// <summary>
        /// A margin on |approximate - exact cosine|: each value is off by at most half a step (largest / 254), so by
        /// Cauchy-Schwarz the dot product is off by at most sqrt(dimensions) x (half a step of each vector), 0.046 for
        /// 384 dimensions whose largest value is 0.3 (sentence embeddings' largest values are about 0.15-0.25).
        /// </summary>
        public const float Error = 0.05f;

        public static Int8Code From(float[] vector)
        {
            var max = 0f;
            foreach (var v in vector) max = Math.Max(max, Math.Abs(v));
            if (max == 0) return new Int8Code(new sbyte[vector.Length], 0);
            var values = new sbyte[vector.Length];
            for (var i = 0; i < vector.Length; i++) values[i] = (sbyte)Math.Round(vector[i] / max * 127);
            return new Int8Code(values, max / 127);
        }

        public float Cosine(Int8Code other) => DotOf(Values, other.Values) * Scale * other.Scale;

        private static int DotOf(sbyte[] a, sbyte[] b)
        {
            var length = Math.Min(a.Length, b.Length);
            var i = 0;
            var dot = 0;
            if (Avx2.IsSupported)
            {
                // |a| times b with a's sign, multiplied and added in pairs as unsigned by signed bytes (vpmaddubsw):
                // 127 x 127 x 2 fits a short, so nothing saturates, in far fewer steps than widening each product.
                var total = Vector256<int>.Zero;
                var ones = Vector256.Create((short)1);
                for (; i <= length - Vector256<sbyte>.Count; i += Vector256<sbyte>.Count)
                {
                    var va = Vector256.Create(a.AsSpan(i, Vector256<sbyte>.Count));
                    var vb = Vector256.Create(b.AsSpan(i, Vector256<sbyte>.Count));
                    var pairs = Avx2.MultiplyAddAdjacent(Avx2.Abs(va), Avx2.Sign(vb, va));
                    total = Avx2.Add(total, Avx2.MultiplyAddAdjacent(pairs, ones));
                }
                dot = Vector256.Sum(total);
            }
            else
            {
                var sum = Vector<int>.Zero;
                for (; i <= length - Vector<sbyte>.Count; i += Vector<sbyte>.Count)
                {
                    Vector.Widen(new Vector<sbyte>(a, i), out var a0, out var a1);
                    Vector.Widen(new Vector<sbyte>(b, i), out var b0, out var b1);
                    // 127 x 127 fits a short; the pairs are widened to ints before they are added.
                    Vector.Widen(a0 * b0, out var p0, out var p1);
                    Vector.Widen(a1 * b1, out var p2, out var p3);
                    sum += p0 + p1 + p2 + p3;
                }
                dot = Vector.Sum(sum);
            }
            for (; i < length; i++) dot += a[i] * b[i];
            return dot;
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
