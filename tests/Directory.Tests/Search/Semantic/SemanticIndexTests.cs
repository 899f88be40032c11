using DirectoryService.Search;
using DirectoryService.Search.Semantic;

namespace Directory.Tests.Search.Semantic;

public sealed class SemanticIndexTests
{
    private static float[] Unit(params float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return [.. v.Select(x => x / norm)];
    }

    private static readonly Guid North = Guid.NewGuid(), East = Guid.NewGuid(), NorthEast = Guid.NewGuid();

    private static SemanticIndex.Snapshot Loaded() => SemanticIndex.Snapshot.Empty.Apply(new VectorBatch("e1", Full: true,
        [new(North, 1, Unit(0, 1)), new(East, 2, Unit(1, 0)), new(NorthEast, 3, Unit(1, 1))]), DateTimeOffset.UnixEpoch);

    [Fact]
    public void Nearest_are_ordered_by_cosine_and_none_below_the_floor()
    {
        var nearest = Loaded().Nearest(Unit(0, 1), take: 10, floor: 0.5);

        Assert.Equal([North, NorthEast], nearest.Select(n => n.Id));
        Assert.Equal(1.0, nearest[0].Cosine, 5);
        Assert.Equal(Math.Sqrt(0.5), nearest[1].Cosine, 5);
    }

    [Fact]
    public void Nearest_keeps_only_the_best_few()
    {
        Assert.Equal([NorthEast], Loaded().Nearest(Unit(1, 1), take: 1, floor: -1).Select(n => n.Id));
    }

    [Fact]
    public void Nearest_among_given_listings_scores_only_those()
    {
        var nearest = Loaded().Nearest(Unit(0, 1), take: 10, floor: -1, among: [East, Guid.NewGuid()]);

        Assert.Equal([East], nearest.Select(n => n.Id));
    }

    [Fact]
    public void Changes_replace_a_listing_s_vector_and_add_new_ones()
    {
        var west = Guid.NewGuid();
        var changed = Loaded().Apply(new VectorBatch("e1", Full: false, [new(North, 4, Unit(-1, 0)), new(west, 5, Unit(-1, 0.1f))]),
            DateTimeOffset.UnixEpoch);

        Assert.Equal(4, changed.Count);
        Assert.Equal(5, changed.Seq);
        Assert.Equal([North, west], changed.Nearest(Unit(-1, 0), take: 10, floor: 0.9).Select(n => n.Id));
    }

    [Fact]
    public void A_new_epoch_replaces_everything()
    {
        var rebuilt = Loaded().Apply(new VectorBatch("e2", Full: true, [new(East, 1, Unit(1, 0))]), DateTimeOffset.UnixEpoch);

        Assert.Equal("e2", rebuilt.Epoch);
        Assert.Equal([East], rebuilt.Ids);
    }

    [Fact]
    public void Beyond_the_exact_size_the_quantised_scan_finds_the_same_nearest_with_exact_cosines()
    {
        var random = new Random(23);
        float[] Random384() => Unit([.. Enumerable.Range(0, 384).Select(_ => (float)(random.NextDouble() * 2 - 1))]);
        var rows = Enumerable.Range(0, SemanticIndex.Snapshot.ExactUpTo + 500).Select(i => new StoredVector(Guid.NewGuid(), i + 1, Random384())).ToList();
        var snapshot = SemanticIndex.Snapshot.Empty.Apply(new VectorBatch("e1", Full: true, rows), DateTimeOffset.UnixEpoch);
        var query = Random384();
        var exact = rows.Select(r => (r.Id, Cosine: (double)SemanticIndex.Dot(query, r.Vector))).OrderByDescending(r => r.Cosine).Take(20).ToList();

        var nearest = snapshot.Nearest(query, take: 20, floor: -1);

        Assert.Equal(exact.Select(e => e.Id), nearest.Select(n => n.Id));
        Assert.Equal(exact[0].Cosine, nearest[0].Cosine, 6);
        Assert.InRange(SemanticIndex.Int8Code.From(query).Cosine(SemanticIndex.Int8Code.From(rows[0].Vector)) - SemanticIndex.Dot(query, rows[0].Vector),
            -SemanticIndex.Int8Code.Error, SemanticIndex.Int8Code.Error);
        var changed = snapshot.Apply(new VectorBatch("e1", Full: false, [new(rows[^1].Id, rows.Count + 1, query)]), DateTimeOffset.UnixEpoch);
        Assert.Equal(rows[^1].Id, changed.Nearest(query, take: 1, floor: 0.99).Single().Id);
    }

    [Theory]
    [InlineData(384)]
    [InlineData(100)]
    public void A_quantised_cosine_is_the_whole_dot_product_of_the_codes_to_the_last_unit(int length)
    {
        var random = new Random(length);
        var codes = Enumerable.Range(0, 50).Select(_ => Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray()).ToList();
        codes.Add([.. Enumerable.Repeat((sbyte)127, length)]);
        codes.Add([.. Enumerable.Repeat((sbyte)-127, length)]);
        foreach (var a in codes)
        foreach (var b in codes.Take(5).Concat(codes.TakeLast(2)))
            Assert.Equal(a.Zip(b, (x, y) => x * y).Sum(), new SemanticIndex.Int8Code(a, 1).Cosine(new SemanticIndex.Int8Code(b, 1)));
    }

    [Fact]
    public async Task Searches_ask_the_index_for_new_vectors_at_most_every_second_unless_this_process_indexed_some()
    {
        var clock = new SettableClock();
        var source = new VectorSource { Rows = { new(North, 1, Unit(0, 1)) } };
        var index = new SemanticIndex(clock);

        Assert.Equal(1, (await index.CurrentAsync(source, CancellationToken.None)).Count);
        source.Rows.Add(new(East, 2, Unit(1, 0))); // another replica indexed a listing
        var soon = await index.CurrentAsync(source, CancellationToken.None);
        index.IndexedHere();
        var afterIndexingHere = await index.CurrentAsync(source, CancellationToken.None);
        source.Rows.Add(new(NorthEast, 3, Unit(1, 1)));
        clock.Now += SemanticIndex.LookEvery;
        var aSecondLater = await index.CurrentAsync(source, CancellationToken.None);

        Assert.Equal(1, soon.Count);
        Assert.Equal(2, afterIndexingHere.Count);
        Assert.Equal(3, aSecondLater.Count);
        Assert.Equal(3, source.Asked);
    }

    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>The index's vectors, as another replica may add to them; only asked for what was written since.</summary>
    private sealed class VectorSource : ISearchBackend
    {
        public List<StoredVector> Rows { get; } = [];
        public int Asked { get; private set; }

        public Task<VectorBatch> VectorsSinceAsync(string? epoch, long afterSeq, CancellationToken ct)
        {
            Asked++;
            return Task.FromResult(new VectorBatch("e1", epoch is null, [.. Rows.Where(r => epoch is null || r.Seq > afterSeq)]));
        }

        public Task<bool> EnsureIndexAsync(CancellationToken ct) => throw new NotSupportedException();
        public Task ResetAsync(CancellationToken ct) => throw new NotSupportedException();
        public Task UpsertAsync(IReadOnlyList<SearchDocument> documents, CancellationToken ct) => throw new NotSupportedException();
        public Task RemoveAsync(Guid serviceId, CancellationToken ct) => throw new NotSupportedException();
        public Task AnalyzeAsync(CancellationToken ct) => throw new NotSupportedException();
        public Task<IReadOnlyList<Guid>> PastNextSessionAsync(DateTimeOffset now, int limit, CancellationToken ct) => throw new NotSupportedException();
        public Task<SearchPage> SearchAsync(SearchCriteria criteria, CancellationToken ct) => throw new NotSupportedException();
        public Task<IReadOnlyList<Guid>> RankAsync(SearchCriteria criteria, CancellationToken ct) => throw new NotSupportedException();
        public Task<IReadOnlyList<Guid>?> FilteredIdsAsync(SearchCriteria criteria, int limit, CancellationToken ct) => throw new NotSupportedException();
        public Task<IReadOnlyDictionary<string, string>> CorrectSpellingAsync(IReadOnlyList<string> words, CancellationToken ct) => throw new NotSupportedException();
        public Task<IReadOnlySet<string>> KnownWordsAsync(IReadOnlyList<string> words, CancellationToken ct) => throw new NotSupportedException();
        public Task<IReadOnlyDictionary<string, float[]>> EarlierVectorsAsync(IReadOnlyCollection<string> keys, CancellationToken ct) => throw new NotSupportedException();
        public Task ForgetEarlierVectorsAsync(CancellationToken ct) => throw new NotSupportedException();
        public Task<bool> MissingVectorsAsync(CancellationToken ct) => throw new NotSupportedException();
    }
}
