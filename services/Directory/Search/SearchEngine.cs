using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace DirectoryService.Search;

/// <summary>
/// The directory's search as every caller gets it: the typed text planned with the synonyms, run through the adapter
/// and, when too little is found, retried once with spelling corrections and once with any word. The search API
/// pages, facets and highlights what it finds (<see cref="SearchAsync"/>); the Open Referral UK feed takes the
/// ranked matches and applies its own filters and paging (<see cref="RankAsync"/>). One engine behind both.
/// </summary>
public sealed class SearchEngine(ISearchBackend backend, Synonyms synonyms, IMemoryCache cache, IOptions<SearchOptions> options,
    TimeProvider clock)
{
    public TextQuery? Plan(string? typed) => TextQuery.Plan(typed, synonyms);

    /// <summary>Listings last confirmed before this are stale: flagged, and demoted in relevance.</summary>
    public DateTimeOffset StaleBefore(DateTimeOffset now) => now.AddDays(-options.Value.StaleAfterDays);

    public Task<SearchOutcome<SearchPage>> SearchAsync(SearchCriteria criteria, CancellationToken ct) =>
        WithFallbacksAsync(criteria, backend.SearchAsync, page => page.Total, ct);

    /// <summary>
    /// Every published listing (suspended ones too) that the typed text finds, best first; none when the text has
    /// nothing to search for (only punctuation or stop words), as a filter that cannot match.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> RankAsync(string typed, CancellationToken ct)
    {
        if (Plan(typed) is not { } text) return [];
        var now = clock.GetUtcNow();
        var criteria = SearchCriteria.ByText(text, StaleBefore(now), now);
        return (await WithFallbacksAsync(criteria, backend.RankAsync, ids => ids.Count, ct)).Result;
    }

    private async Task<SearchOutcome<T>> WithFallbacksAsync<T>(SearchCriteria criteria, Func<SearchCriteria, CancellationToken, Task<T>> run,
        Func<T, int> found, CancellationToken ct)
    {
        var result = await run(criteria, ct);
        if (criteria.Text is not { } text || found(result) >= options.Value.FallbackBelow) return new(result, null);

        // Bounded fallbacks: at most one spelling-corrected retry, then one any-word retry.
        // Only words the index lacks can be misspelt: the known ones are answered from the cache.
        var indexed = await IndexedAsync(text.CorrectableWords, ct);
        var corrections = await backend.CorrectSpellingAsync([.. text.CorrectableWords.Where(w => !indexed.Contains(w))], ct);
        if (corrections.Count > 0)
        {
            text = text.WithCorrections(corrections, synonyms);
            result = await run(criteria with { Text = text }, ct);
        }
        if (found(result) < options.Value.FallbackBelow && text.Groups.Count > 1)
        {
            var loose = await run(criteria with { Text = text.AsLoose() }, ct);
            if (found(loose) > found(result)) result = loose;
        }
        return new(result, corrections.Count > 0 ? corrections : null);
    }

    /// <summary>
    /// Which of <paramref name="words"/> the index holds. Answers are cached, as the same words recur; the words not
    /// cached are looked up in one query.
    /// </summary>
    public async Task<HashSet<string>> IndexedAsync(IReadOnlyList<string> words, CancellationToken ct)
    {
        var indexed = new HashSet<string>();
        var unknown = new List<string>();
        foreach (var word in words.Distinct())
            if (!cache.TryGetValue((typeof(IndexWords), word), out bool known)) unknown.Add(word);
            else if (known) indexed.Add(word);
        if (unknown.Count == 0) return indexed;
        var found = await backend.KnownWordsAsync(unknown, ct);
        foreach (var word in unknown)
        {
            cache.Set((typeof(IndexWords), word), found.Contains(word), KnownWordsCacheFor);
            if (found.Contains(word)) indexed.Add(word);
        }
        return indexed;
    }

    /// <summary>A word a new listing brings is known (to telemetry and the typo fallback) within this time.</summary>
    private static readonly TimeSpan KnownWordsCacheFor = TimeSpan.FromMinutes(10);
}

/// <param name="Corrections">The spelling corrections the result was found with, if any.</param>
public sealed record SearchOutcome<T>(T Result, IReadOnlyDictionary<string, string>? Corrections);
