namespace DirectoryService.Search;

/// <summary>
/// The search port. Each adapter owns its index (a projection of the listings) and answers queries from it; the
/// handler resolves places, expands synonyms and retries with spelling corrections, so both adapters see the same
/// already-planned query. Chosen by Database:Provider (PostgreSQL full-text search or SQLite FTS5).
/// </summary>
public interface ISearchBackend
{
    /// <summary>Bumped whenever the index layout or what goes into it changes: a different stored version forces a rebuild.</summary>
    const int IndexVersion = 13;

    /// <summary>Creates the index tables if missing; true when the index is empty or built by another version (rebuild it).</summary>
    Task<bool> EnsureIndexAsync(CancellationToken cancellationToken);

    /// <summary>Empties the index and stamps it with <see cref="IndexVersion"/> (the start of a full rebuild).</summary>
    Task ResetAsync(CancellationToken cancellationToken);

    Task UpsertAsync(IReadOnlyList<SearchDocument> documents, CancellationToken cancellationToken);

    Task RemoveAsync(Guid serviceId, CancellationToken cancellationToken);

    /// <summary>Refreshes the planner's statistics after a bulk load, so the first queries get good plans.</summary>
    Task AnalyzeAsync(CancellationToken cancellationToken);

    /// <summary>Ids of listings whose stored next session has passed (to refresh).</summary>
    Task<IReadOnlyList<Guid>> PastNextSessionAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    Task<SearchPage> SearchAsync(SearchCriteria criteria, CancellationToken cancellationToken);

    /// <summary>
    /// The ids of every listing the criteria match, best first as <see cref="SearchAsync"/> ranks them, without a page,
    /// facets or snippets: for a caller that filters and pages the matches itself (the ORUK feed). No place: distance
    /// plays no part.
    /// </summary>
    Task<IReadOnlyList<Guid>> RankAsync(SearchCriteria criteria, CancellationToken cancellationToken);

    /// <summary>
    /// The ids of the listings that pass the criteria's filters (its text, page and sort play no part; a radius does),
    /// in no order; null when more than <paramref name="limit"/> do. The semantic path's candidates, filtered first.
    /// </summary>
    Task<IReadOnlyList<Guid>?> FilteredIdsAsync(SearchCriteria criteria, int limit, CancellationToken cancellationToken);

    /// <summary>For each word, the closest indexed word when the word itself is not in the index (bounded typo fallback).</summary>
    Task<IReadOnlyDictionary<string, string>> CorrectSpellingAsync(IReadOnlyList<string> words, CancellationToken cancellationToken);

    /// <summary>The subset of <paramref name="words"/> that occur in the index (telemetry keeps only these).</summary>
    Task<IReadOnlySet<string>> KnownWordsAsync(IReadOnlyList<string> words, CancellationToken cancellationToken);

    /// <summary>
    /// The listings' stored embeddings (the semantic path): all of them when <paramref name="epoch"/> is not the
    /// index's current one (a rebuild starts a new epoch), else those written after <paramref name="afterSeq"/>.
    /// </summary>
    Task<VectorBatch> VectorsSinceAsync(string? epoch, long afterSeq, CancellationToken cancellationToken);

    /// <summary>
    /// Embeddings stored before the last <see cref="ResetAsync"/> (kept by it), by <see cref="SearchDocument.VectorKey"/>:
    /// a rebuild embeds only the listings whose text changed, not every listing again (hours at 100,000).
    /// </summary>
    Task<IReadOnlyDictionary<string, float[]>> EarlierVectorsAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>Drops the embeddings kept from before the last reset: the rebuild they were kept for has finished.</summary>
    Task ForgetEarlierVectorsAsync(CancellationToken cancellationToken);

    /// <summary>True when some indexed listing has no stored embedding (the semantic path was off when it was indexed).</summary>
    Task<bool> MissingVectorsAsync(CancellationToken cancellationToken);
}

/// <summary>A listing's embedding as stored with the index, with the write sequence number it was stored under.</summary>
public sealed record StoredVector(Guid Id, long Seq, float[] Vector);

/// <param name="Full">Every stored vector (a new epoch), not only the changes.</param>
public sealed record VectorBatch(string Epoch, bool Full, IReadOnlyList<StoredVector> Rows);

public enum SearchSort { Relevance, Distance, NextSession }

/// <summary>A point and optional radius the handler resolved from a postcode, outcode or lat/lon.</summary>
public sealed record GeoFilter(double Latitude, double Longitude, double? RadiusKm);

/// <summary>A planned query, ready for an adapter: text already split into groups of alternatives (see <see cref="TextQuery"/>).</summary>
public sealed record SearchCriteria(
    TextQuery? Text,
    GeoFilter? Near,
    IReadOnlyList<string> Taxonomy,
    DayOfWeek? Day,
    int? FromMinute,
    int? ToMinute,
    DateTimeOffset? NextSessionBefore,
    int? Age,
    bool? Free,
    IReadOnlyList<string> Accessibility,
    string? Language,
    string? AttendingType,
    bool? AcceptingReferrals,
    string? Ward,
    bool IncludeSuspended,
    DateTimeOffset StaleBefore,
    DateTimeOffset Now,
    SearchSort Sort,
    int Page,
    int PageSize,
    /// <summary>With a radius: also listings with no place (online, phone), which serve everywhere.</summary>
    bool IncludeRemote = false,
    /// <summary>Any of these days (a query's "weekend"); <see cref="Day"/>, when set, wins.</summary>
    IReadOnlyList<DayOfWeek>? AnyDay = null,
    /// <summary>Only these listings (the semantic path's candidates, put through the same filters).</summary>
    IReadOnlyList<Guid>? OnlyIds = null,
    /// <summary>
    /// Also list the listings the filters let through, text or not, when at most this many
    /// (<see cref="SearchPage.FilteredIds"/>): the semantic path's candidates, read with the page where the adapter can.
    /// </summary>
    int? FilteredIdsUpTo = null)
{
    /// <summary>
    /// Some filter beyond the defaults (published, not suspended) narrows the listings: a radius, or any filter the
    /// adapters apply (<see cref="SearchSql.Filters"/>, the one list of them, so a filter added there narrows here too).
    /// </summary>
    public bool Narrowed => Near?.RadiusKm is not null
        || SearchSql.Filters(this with { OnlyIds = null, IncludeSuspended = true }, new SqlParameters(), SearchSql.TagTable).Count > 0;

    /// <summary>
    /// The same search with none of the filters but the place's: no day, time, cost, age, category or any other. The
    /// radius stays: "yoga in the evening" within 5 km looks for yoga within 5 km at other times, not across the whole
    /// index (at 100,000 listings that doubled the text statement's time at concurrency 8). Suspended listings as the
    /// search had them.
    /// </summary>
    public SearchCriteria Unfiltered() => this with
    {
        Taxonomy = [], Day = null, AnyDay = null, FromMinute = null, ToMinute = null, NextSessionBefore = null, Age = null, Free = null,
        Accessibility = [], Language = null, AttendingType = null, AcceptingReferrals = null, Ward = null, OnlyIds = null,
        FilteredIdsUpTo = null,
    };

    /// <summary>Some filter other than a radius narrows the listings (what <see cref="Unfiltered"/> drops).</summary>
    public bool FilteredBeyondPlace => (this with { Near = null }).Narrowed;

    /// <summary>The days a listing must run on one of (none: any day).</summary>
    public IReadOnlyList<DayOfWeek> Days => Day is { } day ? [day] : AnyDay ?? [];

    /// <summary>Text alone, over every published listing (suspended ones too), by relevance.</summary>
    public static SearchCriteria ByText(TextQuery text, DateTimeOffset staleBefore, DateTimeOffset now) =>
        new(text, null, [], null, null, null, null, null, null, [], null, null, null, null, IncludeSuspended: true,
            staleBefore, now, SearchSort.Relevance, Page: 1, PageSize: int.MaxValue);
}

public sealed record SearchHit(
    Guid Id, string Name, string OrganisationName, string? Summary, string? Snippet, double? DistanceKm,
    DateTimeOffset? NextSession, bool IsFree, string? CostDescription, string AttendingType, string AcceptingReferrals,
    IReadOnlyList<string> Wards, bool Stale, bool Suspended, string? SuspensionNote, string? Alternative, double Score)
{
    /// <summary>The listing's price in pence, when it gives one (<see cref="SearchDocument.CostPence"/>).</summary>
    public int? CostPence { get; init; }

    /// <summary>The languages it runs in, as the listing gives them.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>Accessibility features (codes) offered at any of its places.</summary>
    public IReadOnlyList<string> Accessibility { get; init; } = [];
}

/// <summary>
/// Facet name -> value -> count, over everything the query matched. <paramref name="RemoteLeftOut"/>: a radius left out
/// listings with no place that would otherwise match.
/// </summary>
public sealed record SearchPage(int Total, IReadOnlyList<SearchHit> Items,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Facets, TimeSpan SqlTime, bool RemoteLeftOut = false)
{
    /// <summary>
    /// Asked for by <see cref="SearchCriteria.FilteredIdsUpTo"/>: the listings the filters let through, in no order,
    /// as <see cref="ISearchBackend.FilteredIdsAsync"/> lists them; null when more did (or when not asked).
    /// </summary>
    public IReadOnlyList<Guid>? FilteredIds { get; init; }
}
