using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace DirectoryService.Search.Semantic;

public sealed class SemanticOptions
{
    /// <summary>Hybrid retrieval: embeddings stored with the index and fused with the text ranking. Off: text only.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The least cosine a listing needs to be a semantic candidate. Below it a neighbour is noise: a query the
    /// directory cannot answer ("sailing club") must still find nothing. Chosen on the judged set (docs/search/semantic.md).
    /// </summary>
    public double Floor { get; set; } = 0.30;

    /// <summary>
    /// The least cosine for the semantic path to answer alone, when the text path found nothing: stricter than
    /// <see cref="Floor"/>, because then nothing corroborates the neighbour. Chosen on the judged set as the lowest
    /// value at which no query the directory cannot answer gains a result ("sailing club" stays "nothing for sailing").
    /// </summary>
    public double AnswerFloor { get; set; } = 0.50;

    /// <summary>How many nearest listings (above the floor) the semantic ranking offers the fusion.</summary>
    public int Candidates { get; set; } = 20;

    /// <summary>
    /// A filtered search scores only the listings its filters let through when there are at most this many (their ids
    /// come with its first text page; 10,000 dot products take about a millisecond); beyond, the whole index is scanned.
    /// </summary>
    public int FilterFirstUpTo { get; set; } = 10_000;

    /// <summary>Reciprocal rank fusion's k (the usual 60).</summary>
    public int FusionK { get; set; } = 60;

    public double LexicalWeight { get; set; } = 1.0;

    public double SemanticWeight { get; set; } = 1.5;

    /// <summary>
    /// The text ranking's weight when it matched every word typed (no fallback dropped or loosened any): a listing
    /// holding all of "carer ... evenings" is a strong answer, and a neighbour only the meaning found should not
    /// push it down. Chosen on the judged set as a whole (docs/search/semantic.md).
    /// </summary>
    public double StrictLexicalWeight { get; set; } = 2.0;

    /// <summary>
    /// The text ranking's weight when it was found only by an any-word fallback: a listing holding one of the words is
    /// weak evidence, and the meaning should lead. Chosen on the judged set as a whole (docs/search/semantic.md).
    /// </summary>
    public double LooseLexicalWeight { get; set; } = 1.0;

    /// <summary>
    /// The least cosine a listing found only by loosening to any one word needs to be shown: one shared word
    /// ("make" in "she used to make all her own clothes") is not an answer when the meaning has nothing in common with
    /// it. Low, so it drops only listings about something else altogether (chosen on the judged sets, see
    /// docs/search/issue-23-progress.md). 0: as found.
    /// </summary>
    public double AnyWordFloor { get; set; } = 0.10;

    /// <summary>
    /// Listings the text path found only through shared stems ("fishing" finding "fish") count only when the meaning
    /// corroborates them (SearchEngine's weak evidence). Off: as found.
    /// </summary>
    public bool CorroborateStemOnlyMatches { get; set; } = true;

    /// <summary>A query's vector is kept in memory for 10 minutes after its last use (the same searches recur).</summary>
    public bool CacheQueryVectors { get; set; } = true;

    /// <summary>The query is embedded with the expansions of the vocabulary's <c>[meaning]</c> rules ("copd" with "breathing").</summary>
    public bool ExpandQuery { get; set; } = true;
}

/// <summary>The semantic side of a search: embeds the query and finds the nearest listings above the floor.</summary>
public sealed class SemanticSearch(ITextEmbedder embedder, SemanticIndex index, ISearchBackend backend, Synonyms synonyms,
    IMemoryCache cache, IOptions<SearchOptions> options, ILogger<SemanticSearch> logger)
{
    public SemanticOptions Options => options.Value.Semantic;

    /// <summary>
    /// Relevance-sorted searches with planned text, up to a deep page: the fusion reads the text ranking down to the
    /// page's end, so a page past <see cref="DeepestWindow"/> results is the text ranking alone.
    /// </summary>
    public bool AppliesTo(SearchCriteria c) =>
        Options.Enabled && c.Text is { Verbatim: false } && c.Sort == SearchSort.Relevance && c.OnlyIds is null
        && (long)c.Page * c.PageSize <= DeepestWindow;

    public const int DeepestWindow = 500;

    /// <summary>
    /// The listings nearest the query in meaning, above the floor, nearest first. Filtered first: when the search
    /// narrows the listings (a radius, a day, cost...), only the ones its filters let through are scored, so the
    /// nearest are never all filtered away afterwards (at 100,000 listings a 5 km radius keeps under 1% of them).
    /// With no narrowing filter the whole index is scanned (the caller drops suspended listings); when the filters let
    /// through more than <see cref="SemanticOptions.FilterFirstUpTo"/>, a wider shortlist of the whole index is put
    /// through them (<see cref="WideShortlist"/>).
    /// </summary>
    /// <param name="letThrough">
    /// For a narrowed search, the listings its filters let through (read with its text page:
    /// <see cref="SearchCriteria.FilteredIdsUpTo"/>), null when more than <see cref="SemanticOptions.FilterFirstUpTo"/> did.
    /// </param>
    public async Task<IReadOnlyList<SemanticIndex.Neighbour>> NearestAsync(SearchCriteria criteria, IReadOnlyList<Guid>? letThrough,
        CancellationToken ct)
    {
        var snapshot = await index.CurrentAsync(backend, ct);
        if (snapshot.Count == 0 || await QueryVectorAsync(criteria.Text!).WaitAsync(ct) is not { } query) return [];
        if (!criteria.Narrowed) return snapshot.Nearest(query, Options.Candidates, Options.Floor);
        if (letThrough is not null) return snapshot.Nearest(query, Options.Candidates, Options.Floor, letThrough);
        // Too many let through to list: so many that the nearest few hundred overall hold enough of them.
        var wide = snapshot.Nearest(query, WideShortlist * Options.Candidates, Options.Floor);
        if (wide.Count == 0) return wide;
        var through = (await backend.FilteredIdsAsync(criteria with { OnlyIds = [.. wide.Select(n => n.Id)] }, wide.Count, ct) ?? []).ToHashSet();
        return [.. wide.Where(n => through.Contains(n.Id)).Take(Options.Candidates)];
    }

    /// <summary>
    /// How near in meaning the query is to each of <paramref name="ids"/> (those with a vector); null when the query
    /// could not be embedded. What the text path found on weak evidence is checked against this.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, double>?> CosinesAsync(TextQuery text, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var snapshot = await index.CurrentAsync(backend, ct);
        if (snapshot.Count == 0 || await QueryVectorAsync(text).WaitAsync(ct) is not { } query) return null;
        var cosines = new Dictionary<Guid, double>();
        foreach (var id in ids)
            if (snapshot.Cosine(query, id) is { } cosine) cosines[id] = cosine;
        return cosines;
    }

    /// <summary>
    /// Starts embedding the query on a pool thread, so the model (1-2 ms of CPU for a query not seen lately) runs
    /// while the database answers the text path; <see cref="NearestAsync"/> and <see cref="CosinesAsync"/> then take
    /// the same vector.
    /// </summary>
    public void BeginEmbedding(TextQuery text) => _ = QueryVectorAsync(text);

    // This search's query vectors (the scope serves one search), by the text embedded.
    private readonly Dictionary<string, Task<float[]?>> _queryVectors = [];

    /// <summary>The query's embedding (see <see cref="QueryText"/>); null when the model failed (the text path still answers).</summary>
    private Task<float[]?> QueryVectorAsync(TextQuery text)
    {
        var embedded = embedder.Canonical(QueryText(text, Options.ExpandQuery ? synonyms : null));
        if (_queryVectors.TryGetValue(embedded, out var started)) return started;
        // Embedding is most of a semantic search's cost and the same searches recur ("lunch club"): a query's vector
        // is kept in memory for a while (never logged or stored; the text is the key, as typed words are elsewhere).
        var key = (typeof(SemanticSearch), embedder.Model, embedded);
        if (Options.CacheQueryVectors && cache.TryGetValue(key, out float[]? cached)) return _queryVectors[embedded] = Task.FromResult(cached);
        return _queryVectors[embedded] = Task.Run(() =>
        {
            try
            {
                var vector = embedder.Embed([embedded])[0];
                if (Options.CacheQueryVectors) cache.Set(key, vector, new MemoryCacheEntryOptions { SlidingExpiration = QueryVectorKeptFor });
                return vector;
            }
            catch (Exception e)
            {
                // The query itself is not logged (it can hold a name).
                logger.LogWarning(e, "Embedding a search query failed; answering from the text path alone");
                return null;
            }
        });
    }

    /// <summary>
    /// When a search's filters let through more than <see cref="SemanticOptions.FilterFirstUpTo"/> listings, the
    /// nearest this many times <see cref="SemanticOptions.Candidates"/> overall are put through them (at 100,000
    /// listings at least 10% pass, so about 20 of the nearest 200 are expected to).
    /// </summary>
    public const int WideShortlist = 10;

    private static readonly TimeSpan QueryVectorKeptFor = TimeSpan.FromMinutes(10);

    /// <summary>
    /// What is embedded for a query: the words left after understanding (days, times, cost and places are filters by
    /// then; who it is for, an age, is kept: <see cref="TextQuery.ReadAs"/>), then the expansions of the vocabulary's <c>[meaning]</c> rules it uses, if any.
    /// </summary>
    public static string QueryText(TextQuery text, Synonyms? meaning)
    {
        var read = text.ReadAs ?? text.Raw;
        if (meaning is null) return read;
        var typed = TextQuery.Words(read).ToHashSet();
        var expansions = text.Groups.Where(g => meaning.SaysMeaning(TextQuery.Typed(g))).SelectMany(g => g.Skip(1))
            .Where(p => !p.Split(' ').All(typed.Contains)).Distinct().ToList();
        return expansions.Count == 0 ? read : $"{read} ({string.Join(", ", expansions)})";
    }
}
