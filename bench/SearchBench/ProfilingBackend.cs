using System.Collections.Concurrent;
using System.Diagnostics;
using DirectoryService.Search;
using DirectoryService.Search.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace SearchBench;

/// <summary>
/// BENCH_PROFILE=1: every statement the search handler sends through the adapter, timed by what it asks for, so a
/// run can say where a search's time goes (printed after each run and reset).
/// </summary>
public sealed class ProfilingBackend(PostgresSearchBackend inner) : ISearchBackend
{
    private static readonly ConcurrentDictionary<string, (long Count, long Ticks)> Totals = new();

    public static bool On => Environment.GetEnvironmentVariable("BENCH_PROFILE") == "1";

    public static void Register(IServiceCollection services)
    {
        services.AddScoped<PostgresSearchBackend>();
        services.AddScoped<ISearchBackend, ProfilingBackend>();
    }

    /// <summary>Forgets what was timed so far (the warm-up's statements).</summary>
    public static void Reset()
    {
        Totals.Clear();
        (_letThrough, _letThroughSearches) = (0, 0);
    }

    // How many listings a narrowed search's filters let through (the semantic path scores each).
    private static long _letThrough, _letThroughSearches;

    public static string Report(int requests)
    {
        var lines = Totals.OrderByDescending(t => t.Value.Ticks).Select(t =>
            $"  {t.Key}: {t.Value.Count / (double)requests:0.00} a search, {Stopwatch.GetElapsedTime(0, t.Value.Ticks).TotalMilliseconds / requests:0.00} ms a search").ToList();
        if (_letThroughSearches > 0)
            lines.Add($"  listings let through by the filters: {_letThrough / (double)_letThroughSearches:0} a narrowed search ({_letThroughSearches / (double)requests:0.00} a search)");
        Reset();
        return string.Join(Environment.NewLine, lines);
    }

    private static async Task<T> Timed<T>(string what, Func<Task<T>> run)
    {
        var started = Stopwatch.GetTimestamp();
        try { return await run(); }
        finally
        {
            var ticks = Stopwatch.GetTimestamp() - started;
            Totals.AddOrUpdate(what, (1, ticks), (_, t) => (t.Count + 1, t.Ticks + ticks));
        }
    }

    public async Task<SearchPage> SearchAsync(SearchCriteria c, CancellationToken ct)
    {
        var page = await Timed(c.OnlyIds is null ? (c.Text is { Loose: true } ? "search, any word" : "search") : c.Text is null ? "search by ids" : "search by ids with text",
            () => inner.SearchAsync(c, ct));
        if (page.FilteredIds is { } ids)
        {
            Interlocked.Add(ref _letThrough, ids.Count);
            Interlocked.Increment(ref _letThroughSearches);
        }
        return page;
    }
    public Task<IReadOnlyList<Guid>> RankAsync(SearchCriteria c, CancellationToken ct) => Timed("rank", () => inner.RankAsync(c, ct));
    public Task<IReadOnlyList<Guid>?> FilteredIdsAsync(SearchCriteria c, int limit, CancellationToken ct) =>
        Timed(c.OnlyIds is null ? "filtered ids" : "filtered ids by ids", () => inner.FilteredIdsAsync(c, limit, ct));
    public Task<IReadOnlyDictionary<string, string>> CorrectSpellingAsync(IReadOnlyList<string> words, CancellationToken ct) =>
        Timed("spelling", () => inner.CorrectSpellingAsync(words, ct));
    public Task<IReadOnlySet<string>> KnownWordsAsync(IReadOnlyList<string> words, CancellationToken ct) => Timed("known words", () => inner.KnownWordsAsync(words, ct));
    public Task<VectorBatch> VectorsSinceAsync(string? epoch, long afterSeq, CancellationToken ct) => Timed("vectors since", () => inner.VectorsSinceAsync(epoch, afterSeq, ct));
    public Task<bool> EnsureIndexAsync(CancellationToken ct) => inner.EnsureIndexAsync(ct);
    public Task ResetAsync(CancellationToken ct) => inner.ResetAsync(ct);
    public Task UpsertAsync(IReadOnlyList<SearchDocument> documents, CancellationToken ct) => inner.UpsertAsync(documents, ct);
    public Task RemoveAsync(Guid serviceId, CancellationToken ct) => inner.RemoveAsync(serviceId, ct);
    public Task AnalyzeAsync(CancellationToken ct) => inner.AnalyzeAsync(ct);
    public Task<IReadOnlyList<Guid>> PastNextSessionAsync(DateTimeOffset now, int limit, CancellationToken ct) => inner.PastNextSessionAsync(now, limit, ct);
    public Task<IReadOnlyDictionary<string, float[]>> EarlierVectorsAsync(IReadOnlyCollection<string> keys, CancellationToken ct) => inner.EarlierVectorsAsync(keys, ct);
    public Task ForgetEarlierVectorsAsync(CancellationToken ct) => inner.ForgetEarlierVectorsAsync(ct);
    public Task<bool> MissingVectorsAsync(CancellationToken ct) => inner.MissingVectorsAsync(ct);
}
