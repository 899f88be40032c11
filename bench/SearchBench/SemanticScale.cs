using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DirectoryService.Search;
using DirectoryService.Search.Semantic;

namespace SearchBench;

/// <summary>
/// The semantic path's own costs, apart from the database: embedding a query (the real model, the judged queries'
/// texts) and the brute-force scan over N stored vectors (random unit vectors: the scan's cost does not depend on
/// their values), single-threaded as a search runs it; and the managed memory N vectors take.
/// </summary>
public static class SemanticScale
{
    public static void Run(string repoRoot, int listings)
    {
        var inv = CultureInfo.InvariantCulture;
        var texts = JsonDocument.Parse(File.ReadAllText(Path.Combine(repoRoot, "bench/relevance/natural.json"))).RootElement
            .GetProperty("queries").EnumerateArray().Select(q => q.GetProperty("text").GetString()!).ToList();
        var embedder = new MiniLmEmbedder();
        var rssBefore = Process.GetCurrentProcess().WorkingSet64 / 1048576;
        var load = Stopwatch.StartNew();
        var queries = texts.Select(t => embedder.Embed([t])[0]).ToList();
        Console.WriteLine(string.Create(inv, $"model load + first {texts.Count} query embeddings: {load.Elapsed.TotalSeconds:0.0} s; RSS {rssBefore} -> {Process.GetCurrentProcess().WorkingSet64 / 1048576} MB"));
        var embedTimes = new List<double>();
        for (var round = 0; round < 3; round++)
            foreach (var t in texts)
            {
                var w = Stopwatch.StartNew();
                embedder.Embed([t]);
                embedTimes.Add(w.Elapsed.TotalMilliseconds);
            }
        Report("embed one query", embedTimes);
        // Listing-sized texts (about 1,000 characters), embedded as the indexer does.
        var listingTexts = Enumerable.Range(0, 160).Select(i => string.Join(". ", Enumerable.Range(0, 40).Select(j => texts[(i + j) % texts.Count]))).ToList();
        var indexWatch = Stopwatch.StartNew();
        embedder.Embed(listingTexts);
        Console.WriteLine(string.Create(inv, $"embed 160 listing-sized texts: {indexWatch.Elapsed.TotalSeconds:0.0} s; RSS {Process.GetCurrentProcess().WorkingSet64 / 1048576} MB"));

        var heapBefore = GC.GetTotalMemory(true);
        var random = new Random(23);
        var rows = Enumerable.Range(0, listings).Select(i =>
        {
            var v = new float[384];
            for (var j = 0; j < v.Length; j++) v[j] = (float)(random.NextDouble() * 2 - 1);
            var norm = MathF.Sqrt(v.Sum(x => x * x));
            for (var j = 0; j < v.Length; j++) v[j] /= norm;
            return new StoredVector(Guid.NewGuid(), i + 1, v);
        }).ToList();
        var snapshot = SemanticIndex.Snapshot.Empty.Apply(new VectorBatch("bench", true, rows), DateTimeOffset.UtcNow);
        rows = null;
        var heapAfter = GC.GetTotalMemory(true);
        Console.WriteLine(string.Create(inv, $"{listings} vectors in memory: {(heapAfter - heapBefore) / 1048576.0:0} MB managed heap; RSS {Process.GetCurrentProcess().WorkingSet64 / 1048576} MB"));
        var scanTimes = new List<double>();
        for (var round = 0; round < 3; round++)
            foreach (var q in queries)
            {
                var w = Stopwatch.StartNew();
                snapshot.Nearest(q, 20, 0.30);
                scanTimes.Add(w.Elapsed.TotalMilliseconds);
            }
        Report($"scan {listings} vectors (top 20 above 0.30)", scanTimes);
        GC.KeepAlive(snapshot);

        void Report(string what, List<double> times)
        {
            times.Sort();
            Console.WriteLine(string.Create(inv, $"{what}: n={times.Count}, p50 {times[times.Count / 2]:0.00} ms, p95 {times[(int)Math.Ceiling(0.95 * times.Count) - 1]:0.00} ms, max {times[^1]:0.00} ms"));
        }
    }
}
