using DirectoryService.Search.Semantic;
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
    TimeProvider clock, SemanticSearch semantic)
{
    public TextQuery? Plan(string? typed) => TextQuery.Plan(typed, synonyms);

    /// <summary>Listings last confirmed before this are stale: flagged, and demoted in relevance.</summary>
    public DateTimeOffset StaleBefore(DateTimeOffset now) => now.AddDays(-options.Value.StaleAfterDays);

    /// <summary>
    /// A page of results. When nothing fits some of the words, the outcome says which; when nothing fits at all, it
    /// says so (<see cref="SearchOutcome{T}.NothingFor"/>) and carries a few nearest real alternatives apart from the
    /// results, so a page never passes them off as answers: listings holding the query's other words, or, when the
    /// words do find listings but none passes the filters ("yoga in the evening"), the best of those
    /// (<see cref="SearchOutcome{T}.FoundWithoutFilters"/>).
    /// </summary>
    public async Task<SearchOutcome<SearchPage>> SearchAsync(SearchCriteria criteria, CancellationToken ct)
    {
        var outcome = semantic.AppliesTo(criteria)
            ? await HybridAsync(criteria, ct)
            : await WithFallbacksAsync(criteria, backend.SearchAsync, page => page.Total, ct);
        if (outcome.NothingFor is null) return outcome;
        if (outcome.Rest is { } rest)
        {
            var alternatives = await backend.SearchAsync(criteria with { Text = rest.AsLoose(), Page = 1, PageSize = AlternativesShown }, ct);
            return outcome with { Alternatives = alternatives.Items };
        }
        if (!criteria.FilteredBeyondPlace || criteria.Text is not { } text) return outcome;
        var unfiltered = await backend.SearchAsync(criteria.Unfiltered() with { Text = text, Page = 1, PageSize = AlternativesShown }, ct);
        return unfiltered.Total == 0 ? outcome : outcome with { Alternatives = unfiltered.Items, FoundWithoutFilters = unfiltered.Total };
    }

    /// <summary>
    /// Hybrid retrieval: the text ranking (with its fallbacks) over a window wide enough for the page, and the
    /// listings nearest in meaning above the similarity floor, put through the same filters; the two rankings fused by
    /// reciprocal rank. A listing the text path found beyond the window keeps a position just past it, so it is not
    /// counted twice. When the text path found nothing, only neighbours above the stricter answer floor count; none
    /// that passes the filters: the text path's answer stands, honest misses included ("sailing club" still says
    /// nothing for sailing).
    /// </summary>
    private async Task<SearchOutcome<SearchPage>> HybridAsync(SearchCriteria criteria, CancellationToken ct)
    {
        var o = semantic.Options;
        semantic.BeginEmbedding(criteria.Text!);
        var window = criteria.Page * criteria.PageSize;
        // The listings a narrowed search's filters let through come with its first text page (the semantic path
        // scores only those); a retry with other words would only list them again.
        SearchPage? first = null;
        var outcome = await WithFallbacksAsync(
            criteria with { Page = 1, PageSize = Math.Max(window, o.Candidates), FilteredIdsUpTo = criteria.Narrowed ? o.FilterFirstUpTo : null },
            async (c, token) => first is null ? first = await backend.SearchAsync(c, token) : await backend.SearchAsync(c with { FilteredIdsUpTo = null }, token),
            page => page.Total, ct);
        var lexical = outcome.Result;
        var nearest = await semantic.NearestAsync(criteria, first!.FilteredIds, ct);
        // Found only by shared stems, or by any one word: a listing the meaning does not corroborate is not an answer
        // ("fishing" finds a fish and chip lunch). When none is left, the text path found nothing, and the page says so.
        if (lexical.Total > 0 && await CorroborationBarAsync(criteria.Text!, outcome, ct) is { } bar
            && await semantic.CosinesAsync(criteria.Text!, lexical.Items.Select(h => h.Id), ct) is { } cosines)
        {
            var corroborated = lexical.Items.Where(h => cosines.GetValueOrDefault(h.Id, double.MinValue) >= bar).ToList();
            lexical = lexical with { Items = corroborated, Total = corroborated.Count };
            if (corroborated.Count == 0 && outcome.NothingFor is null)
                outcome = outcome with { NothingFor = NothingForWeak(criteria.Text!, outcome) };
        }
        if (lexical.Total == 0) nearest = [.. nearest.Where(n => n.Cosine >= o.AnswerFloor)];
        var hits = lexical.Items.ToDictionary(h => h.Id);
        var beyond = new Dictionary<Guid, int>();
        var added = new SearchPage(0, [], new Dictionary<string, IReadOnlyDictionary<string, int>>(), TimeSpan.Zero);
        var candidates = nearest.Select(n => n.Id).Where(id => !hits.ContainsKey(id)).ToList();
        if (candidates.Count > 0 && lexical.Items.Count < lexical.Total && outcome.Searched is { } searched)
        {
            var overlap = await backend.SearchAsync(criteria with { Text = searched, OnlyIds = candidates, Page = 1, PageSize = candidates.Count }, ct);
            foreach (var hit in overlap.Items)
            {
                hits[hit.Id] = hit;
                beyond[hit.Id] = lexical.Items.Count + 1;
            }
            candidates = [.. candidates.Where(id => !beyond.ContainsKey(id))];
        }
        if (candidates.Count > 0)
        {
            added = await backend.SearchAsync(criteria with { Text = null, OnlyIds = candidates, Page = 1, PageSize = candidates.Count }, ct);
            foreach (var hit in added.Items) hits[hit.Id] = hit;
        }
        // The semantic ranking: only listings that passed the filters, by cosine demoted as a text rank is (stale, far).
        var meaning = nearest.Where(n => hits.ContainsKey(n.Id))
            .OrderByDescending(n => n.Cosine * SearchSql.Demotion(hits[n.Id].Stale, hits[n.Id].DistanceKm)).Select(n => n.Id).ToList();
        // Every word typed matched (no fallback dropped, corrected or loosened one): the text ranking is the stronger witness.
        var strict = ReferenceEquals(outcome.Searched, criteria.Text) && lexical.Total > 0;
        // Found only by loosening to any one word: the weakest witness.
        var lexicalWeight = strict ? o.StrictLexicalWeight : outcome.AnyWord ? o.LooseLexicalWeight : o.LexicalWeight;
        var fused = RankFusion.Fuse([.. lexical.Items.Select(h => h.Id)], meaning, lexicalWeight, o.SemanticWeight, o.FusionK, beyond);
        var page = fused.Skip((criteria.Page - 1) * criteria.PageSize).Take(criteria.PageSize)
            .Select(f => hits[f.Id] with { Score = Math.Round(f.Score, 6) }).ToList();
        var result = new SearchPage(lexical.Total + added.Total, page, MergeFacets(lexical.Facets, added.Facets),
            lexical.SqlTime + added.SqlTime, lexical.RemoteLeftOut || added.RemoteLeftOut);
        return added.Total > 0 && outcome.NothingFor is not null
            ? outcome with { Result = result, NothingFor = null, Rest = null }
            : outcome with { Result = result };
    }

    /// <summary>
    /// The cosine each listing the text path found needs to count, when its evidence is weak: found by any one word
    /// (<see cref="SemanticOptions.AnyWordFloor"/>), or only by stems (<see cref="WeakEvidenceBarAsync"/>), the
    /// stricter of the two when both. Null: the evidence is strong.
    /// </summary>
    private async Task<double?> CorroborationBarAsync(TextQuery typed, SearchOutcome<SearchPage> outcome, CancellationToken ct)
    {
        var anyWord = outcome.AnyWord && semantic.Options.AnyWordFloor > 0 ? semantic.Options.AnyWordFloor : (double?)null;
        return await WeakEvidenceBarAsync(typed, outcome, ct) is { } stems ? Math.Max(stems, anyWord ?? stems) : anyWord;
    }

    /// <summary>
    /// The cosine a listing the text path found needs to count when none of the words it was found with is in the
    /// index as typed (or as a synonym or spelling correction of a typed word): each matched only by its stem
    /// ("losing" finding "lose"). The meaning must then corroborate each listing, at <see cref="SemanticOptions.Floor"/>;
    /// and when the query is a single such word ("fishing" finding "fish and chips"), at
    /// <see cref="SemanticOptions.AnswerFloor"/>, what the meaning needs to answer alone: one word leaves no other
    /// words to say the shared stem means the same thing. Null: the evidence is strong.
    /// </summary>
    private async Task<double?> WeakEvidenceBarAsync(TextQuery typed, SearchOutcome<SearchPage> outcome, CancellationToken ct)
    {
        var o = semantic.Options;
        if (!o.CorroborateStemOnlyMatches || outcome.Searched is not { Verbatim: false } searched || searched.SpecificGroups is not { Count: > 0 } specific)
            return null;
        var words = specific.SelectMany(g => g).SelectMany(p => p.Split(' ')).Distinct().ToList();
        var indexed = await IndexedAsync(words, ct);
        // A word the vocabulary does not keep (short, or with digits) cannot be told apart: taken as found as typed.
        bool AsTyped(IReadOnlyList<string> group) => group.Any(phrase => phrase.Split(' ').All(w => indexed.Contains(w) || !IndexWords.Kept(w)));
        if (specific.Any(AsTyped)) return null;
        // The cache may still say a word is unknown that a listing indexed since holds ("pierogi" in a new translation):
        // before a listing is judged on its stem alone, the index itself is asked.
        indexed.UnionWith(await backend.KnownWordsAsync(words, ct));
        foreach (var word in indexed) cache.Set((typeof(IndexWords), word), true, KnownWordsCacheFor);
        if (specific.Any(AsTyped)) return null;
        return typed.SpecificGroups.Count == 1 ? o.AnswerFloor : o.Floor;
    }

    /// <summary>What an empty answer found only by stems says nothing was found for: the unmatched words, else those typed that say what is wanted.</summary>
    private static string NothingForWeak(TextQuery typed, SearchOutcome<SearchPage> outcome) =>
        string.Join(' ', outcome.Unmatched ?? [.. (typed.SpecificGroups is { Count: > 0 } specific ? specific : typed.Groups).Select(TextQuery.Typed)]);

    private static Dictionary<string, IReadOnlyDictionary<string, int>> MergeFacets(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> a, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> b) =>
        a.Keys.Union(b.Keys).ToDictionary(name => name, name => (IReadOnlyDictionary<string, int>)
            new[] { a.GetValueOrDefault(name), b.GetValueOrDefault(name) }.OfType<IReadOnlyDictionary<string, int>>()
                .SelectMany(f => f).GroupBy(v => v.Key).ToDictionary(g => g.Key, g => g.Sum(v => v.Value)));

    /// <summary>How many alternatives an empty answer offers.</summary>
    public const int AlternativesShown = 3;

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
        if (criteria.Text is not { } text || found(result) >= options.Value.FallbackBelow) return new(result, null, Searched: criteria.Text);
        var searched = text;
        var loosened = false;

        // Bounded fallbacks: at most one spelling-corrected retry, one retry without the words nothing fits, then one
        // any-word retry. Only words the index lacks can be misspelt: the known ones are answered from the cache.
        var indexed = await IndexedAsync(text.CorrectableWords, ct);
        // A word spelled right is corrected only into a form of itself ("misses" into "missed"; not "horse" into "house",
        // "doing" into "going" or "college" into "collage"); no word into one with another first letter, which a
        // misspelling rarely gets wrong ("hoovering" is not "covering").
        var unknown = text.CorrectableWords.Where(w => !indexed.Contains(w)).ToList();
        var corrections = (await backend.CorrectSpellingAsync(unknown, ct))
            .Where(c => c.Key[0] == c.Value[0] && (!SpelledWords.IsWord(c.Key) || WordForms.Same(c.Key, c.Value))).ToDictionary();
        // A misspelt condition or life event that no listing names ("altzheimers"): corrected into the vocabulary's word.
        foreach (var word in unknown.Where(w => !corrections.ContainsKey(w) && !SpelledWords.IsWord(w)))
            if (synonyms.Misspelt(word) is { } typed) corrections[word] = typed;
        if (corrections.Count > 0)
        {
            text = text.WithCorrections(corrections, synonyms);
            result = await run(criteria with { Text = text }, ct);
            searched = text;
        }

        // Words no listing holds at all ("sailing") are said back, and left out of the retries: the rest of the query
        // still counts ("sailing club for older people" finds older people's clubs, and says nothing is about sailing).
        var unmatched = found(result) < options.Value.FallbackBelow ? await UnmatchedAsync(text, ct) : [];
        var rest = text.Without(unmatched);
        if (found(result) < options.Value.FallbackBelow && unmatched.Count > 0 && rest is { SpecificGroups.Count: > 0 })
        {
            var answerable = await run(criteria with { Text = rest }, ct);
            if (found(answerable) > found(result)) (result, searched) = (answerable, rest);
        }
        // Any word, but never a generic word alone ("club", "group"): a listing must hold one of the words that say
        // what is wanted. So "sailing club" is not led by Job club, and a query of only generic words is not loosened.
        if (found(result) < options.Value.FallbackBelow && rest is { SpecificGroups: { Count: > 0 } specific }
            && (specific.Count > 1 || specific.Count < rest.Groups.Count))
        {
            var looseText = (rest with { Groups = specific }).AsLoose();
            var loose = await run(criteria with { Text = looseText }, ct);
            if (found(loose) > found(result)) (result, searched, loosened) = (loose, looseText, true);
        }

        var nothingFor = found(result) > 0 ? null
            : string.Join(' ', (unmatched.Count > 0 ? unmatched : text.SpecificGroups is { Count: > 0 } specificGroups ? specificGroups : text.Groups)
                .Select(TextQuery.Typed));
        // Said back (and counted as a gap) only what says what was wanted: not "lessons", a number or a word twice.
        var saidBack = unmatched.Where(g => !TextQuery.IsGeneric(g)).Select(TextQuery.Typed).Where(w => !w.All(char.IsAsciiDigit)).Distinct().ToList();
        return new(result, corrections.Count > 0 ? corrections : null,
            saidBack.Count > 0 ? saidBack : null, nothingFor, Rest: unmatched.Count > 0 ? rest : null,
            AnyWord: loosened, Searched: searched);
    }

    /// <summary>
    /// The groups no listing holds at all: none of their phrases is word for word in the index, and searching the
    /// group alone (stemmed, so "walks" finds "walking") finds nothing. Verbatim queries are taken as typed.
    /// </summary>
    private async Task<List<IReadOnlyList<string>>> UnmatchedAsync(TextQuery text, CancellationToken ct)
    {
        if (text.Verbatim) return [];
        var indexed = await IndexedAsync([.. text.AllWords], ct);
        var unmatched = new List<IReadOnlyList<string>>();
        var now = clock.GetUtcNow();
        foreach (var group in text.Groups)
        {
            if (group.Any(phrase => phrase.Split(' ').All(indexed.Contains))) continue;
            var alone = new TextQuery(TextQuery.Typed(group), [group], Loose: false, Verbatim: false);
            if ((await backend.RankAsync(SearchCriteria.ByText(alone, StaleBefore(now), now), ct)).Count > 0) continue;
            unmatched.Add(group);
        }
        return unmatched;
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
/// <param name="Unmatched">Typed words (or synonym phrases) no listing holds: the result was found without them.</param>
/// <param name="NothingFor">Set when nothing was found: the words nothing fits (the unmatched ones, else all typed).</param>
/// <param name="Alternatives">With <paramref name="NothingFor"/>: a few listings holding the query's other words.</param>
/// <param name="Rest">The query without the unmatched words (what alternatives are looked up with).</param>
/// <param name="FoundWithoutFilters">
/// With <paramref name="NothingFor"/>: how many listings the words find without the search's filters (those chosen and
/// those understood from the words), when some do; <paramref name="Alternatives"/> are the best of them.
/// </param>
/// <param name="AnyWord">The result was found only by loosening to any one of the words (insight counts it a miss).</param>
/// <param name="Searched">The text the result was found with (after corrections and fallbacks).</param>
public sealed record SearchOutcome<T>(T Result, IReadOnlyDictionary<string, string>? Corrections,
    IReadOnlyList<string>? Unmatched = null, string? NothingFor = null, IReadOnlyList<SearchHit>? Alternatives = null,
    TextQuery? Rest = null, bool AnyWord = false, TextQuery? Searched = null, int? FoundWithoutFilters = null);
