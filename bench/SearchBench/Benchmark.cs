using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DirectoryService.Domain;
using DirectoryService.Features.Search;
using DirectoryService.Search;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SearchBench;

/// <summary>
/// Closed-loop load: N workers each send the next query as soon as the last returns, for a fixed time, through the
/// search handler (validation, postcode lookup, synonyms, fallbacks, telemetry queueing, the adapter) and then the
/// same queries straight to the adapter, timing only its database commands ("raw SQL").
/// </summary>
public static class Benchmark
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[] Words = ["befriending", "walking", "gardening", "coffee morning", "carers", "knit", "lunch club",
        "mental health", "yoga", "choir", "bereavement", "digital", "dementia", "football", "craft", "volunteering", "tea dance", "lonely"];
    private static readonly string[] Terms = ["loneliness", "older-people", "befriending", "arts-crafts", "sport-physical-activity", "carers", "support-groups"];

    public sealed record Row(string Adapter, int Listings, int Concurrency, string Path, int Requests, double Throughput, double P50, double P95, double P99);

    public static async Task RunAsync(string root, string[] args)
    {
        string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var seconds = int.Parse(Arg("--seconds", "20"), CultureInfo.InvariantCulture);
        var concurrency = Arg("--concurrency", "1,8,32").Split(',').Select(int.Parse).ToArray();
        // --include-remote: radius searches also list every matching listing with no place (online, phone).
        var includeRemote = args.Contains("--include-remote");
        // --semantic: listings carry embeddings (see Synthetic.Embed) and the semantic path is on; without it, off.
        var semantic = args.Contains("--semantic");
        // --no-vector-cache: every search embeds its query (the workload repeats 18 texts, which the cache would hold).
        var vectorCache = !args.Contains("--no-vector-cache");
        var runs = new List<(string Provider, int Listings)>();
        // SQLite first: dropping the 100k PostgreSQL database afterwards writes for a while, which showed in SQLite's figures.
        if (Arg("--sqlite", "10000") is var sq && sq != "0") runs.Add(("Sqlite", int.Parse(sq, CultureInfo.InvariantCulture)));
        if (Arg("--postgres", "100000") is var pg && pg != "0") runs.Add(("Postgres", int.Parse(pg, CultureInfo.InvariantCulture)));

        var templates = Synthetic.Templates(root);
        var rows = new List<Row>();
        foreach (var (provider, listings) in runs)
        {
            await using var harness = await Harness.CreateAsync(provider, new FixedClock(Now), maxPool: 64);
            harness.Services.GetRequiredService<IOptions<SearchOptions>>().Value.Semantic.Enabled = semantic;
            harness.Services.GetRequiredService<IOptions<SearchOptions>>().Value.Semantic.CacheQueryVectors = vectorCache;
            var gazetteer = new Synthetic(1).Gazetteer();
            var load = Stopwatch.StartNew();
            if (provider != "Postgres" || Harness.Reused is null)
            {
                var vectors = semantic ? Synthetic.Embed(templates, harness.Services.GetRequiredService<DirectoryService.Search.Semantic.ITextEmbedder>()) : null;
                await Synthetic.LoadAsync(harness, templates, gazetteer, listings, Now, seed: 2, vectors);
                Console.WriteLine($"{provider}: loaded {listings} listings in {load.Elapsed.TotalSeconds:0}s");
            }
            Console.WriteLine($"Runtime: {Runtime}");
            var queries = Workload(gazetteer, 2000, seed: 3, includeRemote);
            await Warm(harness, Workload(gazetteer, 2000, seed: 4, includeRemote), seconds: 10);
            foreach (var c in concurrency)
            {
                var label = semantic ? $"{provider} (semantic on{(vectorCache ? "" : ", every query embedded")})" : provider;
                if (ProfilingBackend.On) ProfilingBackend.Reset();
                rows.Add(await Run(harness, label, listings, c, seconds, queries, viaHandler: true));
                if (ProfilingBackend.On) Console.WriteLine($"c={c}, the handler's statements:{Environment.NewLine}{ProfilingBackend.Report(rows[^1].Requests)}");
                rows.Add(await Run(harness, label, listings, c, seconds, queries, viaHandler: false));
                foreach (var r in rows.TakeLast(2))
                    Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0} {1} c={2} {3}: {4:0} req/s p50 {5:0.0} p95 {6:0.0} p99 {7:0.0} ms",
                        r.Adapter, r.Listings, r.Concurrency, r.Path, r.Throughput, r.P50, r.P95, r.P99));
            }
        }
        var docs = Path.Combine(root, "docs/search");
        if (semantic)
        {
            // Each run appends its own table, headed with when it ran and how, so runs stay apart and can be told apart.
            var heading = $"### {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: `bench {string.Join(' ', args)}`" + (Harness.Reused is null ? "" : " (kept database)")
                + $", {Runtime}";
            await File.AppendAllTextAsync(Path.Combine(docs, "benchmark-semantic-table.md"),
                heading + Environment.NewLine + Environment.NewLine + Table(rows, seconds) + Environment.NewLine);
            return;
        }
        await File.WriteAllTextAsync(Path.Combine(docs, "benchmark-results.json"), JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true }));
        await File.WriteAllTextAsync(Path.Combine(docs, "benchmark.svg"), Plot.Svg(rows));
        await File.WriteAllTextAsync(Path.Combine(docs, "benchmark-table.md"), Table(rows, seconds));
    }

    /// <summary>Text (one of the demo vocabulary) + two filters + a postcode with a 5 km radius; facets are always computed.</summary>
    public static List<SearchServices.Query> Workload(List<Postcode> gazetteer, int count, int seed, bool includeRemote = false)
    {
        var random = new Random(seed);
        var filters = new Func<SearchServices.Query, SearchServices.Query>[]
        {
            q => q with { Taxonomy = [Terms[random.Next(Terms.Length)]] },
            q => q with { Day = SearchServices.Days[random.Next(7)] },
            q => q with { Free = true },
            q => q with { AttendingType = "in-person" },
            q => q with { AcceptingReferrals = true },
            q => q with { Age = 65 },
        };
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var q = new SearchServices.Query(Q: Words[random.Next(Words.Length)], Postcode: gazetteer[random.Next(gazetteer.Count)].Display, RadiusKm: 5,
                IncludeRemote: includeRemote ? true : null);
            var picks = Enumerable.Range(0, filters.Length).OrderBy(_ => random.Next()).Take(2);
            return picks.Aggregate(q, (acc, i) => filters[i](acc));
        })];
    }

    /// <summary>
    /// Both paths at concurrency 8 with other queries (another seed) until the JIT has optimised the code and every
    /// connection has prepared its statements: otherwise whichever path is measured first pays for that. Then the
    /// memory cache is emptied, so the measured runs look postcodes up as a fresh service would.
    /// </summary>
    private static async Task Warm(Harness harness, List<SearchServices.Query> queries, int seconds)
    {
        await Run(harness, "", 0, 8, seconds / 2, queries, viaHandler: true);
        await Run(harness, "", 0, 8, seconds / 2, queries, viaHandler: false);
        (harness.Services.GetRequiredService<IMemoryCache>() as MemoryCache)?.Compact(1.0);
    }

    private static async Task<Row> Run(Harness harness, string provider, int listings, int concurrency, int seconds,
        List<SearchServices.Query> queries, bool viaHandler)
    {
        var latencies = new List<double>[concurrency];
        var next = -1;
        var deadline = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = [];
            while (deadline.Elapsed.TotalSeconds < seconds)
            {
                var query = queries[(int)((uint)Interlocked.Increment(ref next) % queries.Count)];
                await using var scope = harness.Services.CreateAsyncScope();
                if (viaHandler)
                {
                    var started = Stopwatch.GetTimestamp();
                    await scope.ServiceProvider.GetRequiredService<DirectoryService.Mediator>().Send(query);
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    var started = Stopwatch.GetTimestamp();
                    var criteria = await RawCriteria(scope.ServiceProvider, query);
                    var page = await scope.ServiceProvider.GetRequiredService<ISearchBackend>().SearchAsync(criteria, CancellationToken.None);
                    mine.Add(Environment.GetEnvironmentVariable("BENCH_RAW_WALL") == "1" ? Stopwatch.GetElapsedTime(started).TotalMilliseconds : page.SqlTime.TotalMilliseconds);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var all = latencies.SelectMany(l => l).Order().ToList();
        double P(double p) => all[Math.Min(all.Count - 1, (int)Math.Ceiling(p * all.Count) - 1)];
        return new Row(provider, listings, concurrency, viaHandler ? "handler" : "raw SQL", all.Count, all.Count / deadline.Elapsed.TotalSeconds, P(0.50), P(0.95), P(0.99));
    }

    /// <summary>The criteria the handler would build for this query (postcode resolved up front, outside the timing).</summary>
    private static readonly Dictionary<string, GeoFilter> Places = new();

    private static async Task<SearchCriteria> RawCriteria(IServiceProvider services, SearchServices.Query q)
    {
        GeoFilter? near;
        lock (Places) Places.TryGetValue(q.Postcode!, out near);
        if (near is null)
        {
            var place = await services.GetRequiredService<DirectoryService.Features.Postcodes.PostcodeLookup>().ResolveAsync(q.Postcode!, CancellationToken.None);
            near = new GeoFilter(place.Latitude, place.Longitude, q.RadiusKm);
            lock (Places) Places[q.Postcode!] = near;
        }
        var synonyms = services.GetRequiredService<VocabularyInForce>().Current;
        var stale = services.GetRequiredService<IOptions<SearchOptions>>().Value.StaleAfterDays;
        return new SearchCriteria(TextQuery.Plan(q.Q, synonyms), near, q.Taxonomy ?? [], q.Day is { } d ? Enum.Parse<DayOfWeek>(d, true) : null,
            null, null, null, q.Age, q.Free, [], null, q.AttendingType, q.AcceptingReferrals, null, false, Now.AddDays(-stale), Now,
            SearchSort.Relevance, 1, 20, q.IncludeRemote == true);
    }

    /// <summary>How the runtime ran the handler (the Directory service runs the server GC without tiered compilation).</summary>
    public static string Runtime =>
        $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, tiered compilation " +
        ((Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") is { } set ? set == "0" : AppContext.GetData("System.Runtime.TieredCompilation") is "false") ? "off" : "on");

    private static string Table(List<Row> rows, int seconds)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine($"| adapter | listings | concurrency | path | requests ({seconds} s) | throughput (req/s) | p50 ms | p95 ms | p99 ms | handler/raw p50 |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            var raw = rows.FirstOrDefault(x => x.Adapter == r.Adapter && x.Concurrency == r.Concurrency && x.Path == "raw SQL");
            var ratio = r.Path == "handler" && raw is not null ? string.Format(inv, "{0:0.00}x", r.P50 / raw.P50) : "";
            sb.AppendLine(string.Format(inv, "| {0} | {1:N0} | {2} | {3} | {4:N0} | {5:0} | {6:0.0} | {7:0.0} | {8:0.0} | {9} |",
                r.Adapter, r.Listings, r.Concurrency, r.Path, r.Requests, r.Throughput, r.P50, r.P95, r.P99, ratio));
        }
        return sb.ToString();
    }
}
