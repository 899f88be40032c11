using System.Text.Json;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Search;
using Microsoft.Extensions.DependencyInjection;

namespace SearchBench;

/// <summary>
/// A synthetic directory: listings recombined from the demo listings' own text (names, summaries, descriptions and
/// taxonomy), spread over a 110 km x 110 km area with a generated gazetteer (99 districts x 30 postcodes) and 300
/// wards. Written straight into the search index (the thing measured), not into the listing tables.
/// </summary>
public sealed class Synthetic(int seed)
{
    private readonly Random _random = new(seed);
    public const double LatMin = 50.5, LatMax = 51.5, LonMin = -2.0, LonMax = -0.5;

    public sealed record Template(string Name, string? Summary, string? Description, List<string> TaxonomyTerms);

    public static List<Template> Templates(string root)
    {
        var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "services/Directory/DemoData/portsmouth-north.json")));
        return [.. json.RootElement.GetProperty("services").EnumerateArray().Select(s => new Template(
            s.GetProperty("name").GetString()!, s.GetProperty("summary").GetString(), s.GetProperty("description").GetString(),
            [.. s.GetProperty("taxonomyTerms").EnumerateArray().Select(t => t.GetString()!)]))];
    }

    public List<Postcode> Gazetteer()
    {
        var postcodes = new List<Postcode>();
        for (var district = 1; district <= 99; district++)
        {
            var (lat, lon) = RandomPoint();
            for (var i = 0; i < 30; i++)
                postcodes.Add(new Postcode($"SY{district} {i % 10}{(char)('A' + i / 10)}{(char)('A' + _random.Next(26))}",
                    lat + (_random.NextDouble() - 0.5) * 0.04, lon + (_random.NextDouble() - 0.5) * 0.06, $"W{district:000}", $"Ward {district * 3 % 300}"));
        }
        return [.. postcodes.GroupBy(p => p.Code).Select(g => g.First())];
    }

    /// <param name="vectors">
    /// With the semantic path: each template's embedding (the real model, once per template). A listing gets its
    /// template's vector mixed with the one it borrows a summary from, plus a little noise, normalised: clustered
    /// like real listings' vectors, so the scan and the fusion see realistic neighbours, without embedding 100,000 texts.
    /// </param>
    public IEnumerable<SearchDocument> Documents(List<Template> templates, int count, DateTimeOffset now, IReadOnlyList<float[]>? vectors = null)
    {
        string[] places = ["Hilltop", "Riverside", "Northfield", "Eastgate", "Westbury", "Oakwood", "Harbourside", "Millbrook", "Greenlane", "Kingsmead"];
        string[] languages = ["English", "Polish", "Bengali", "Arabic", "Nepali", "Ukrainian", "British Sign Language"];
        string[] access = ["step-free-access", "accessible-toilet", "parking", "hearing-loop", "wheelchair-accessible"];
        for (var n = 0; n < count; n++)
        {
            var ti = _random.Next(templates.Count);
            var oi = _random.Next(templates.Count);
            var (t, other) = (templates[ti], templates[oi]);
            var place = places[_random.Next(places.Length)];
            var attending = _random.NextDouble() switch { < 0.86 => "in-person", < 0.94 => "online", _ => "phone" };
            var day = (DayOfWeek)_random.Next(7);
            var opens = 8 * 60 + _random.Next(24) * 30;
            var (lat, lon) = RandomPoint();
            var ward = $"Ward {_random.Next(300)}";
            var minAge = _random.NextDouble() < 0.2 ? 50 + _random.Next(3) * 5 : (int?)null;
            yield return new SearchDocument(
                Guid.CreateVersion7(), $"{place} {t.Name}", $"{place} Community Group {n % 5000}", t.Summary,
                $"{t.Description} {other.Summary}", string.Join(' ', t.TaxonomyTerms.Select(c => c.Replace('-', ' '))), t.TaxonomyTerms,
                [new SessionSlot(day, opens, opens + 120)], minAge, null, _random.NextDouble() < 0.7, "Free",
                attending, _random.NextDouble() switch { < 0.7 => "yes", < 0.85 => "waitlist", _ => "no" },
                attending == "in-person" ? [ward] : [],
                _random.NextDouble() < 0.9 ? ["English"] : ["English", languages[_random.Next(languages.Length)]],
                attending == "in-person" ? [.. access.Where(_ => _random.NextDouble() < 0.3)] : [],
                attending == "in-person" ? [new GeoPoint(lat, lon)] : [],
                _random.NextDouble() < 0.01, null, null, now.AddDays(-_random.Next(300)), now.AddHours(_random.Next(1, 24 * 14)))
            {
                Vector = vectors is null ? null : Mix(vectors[ti], vectors[oi]),
            };
        }
    }

    private float[] Mix(float[] main, float[] borrowed)
    {
        var v = new float[main.Length];
        for (var i = 0; i < v.Length; i++) v[i] = 0.85f * main[i] + 0.15f * borrowed[i] + (float)((_random.NextDouble() - 0.5) * 0.02);
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        for (var i = 0; i < v.Length; i++) v[i] /= norm;
        return v;
    }

    /// <summary>Each template embedded once with the real model (name, summary, taxonomy, description, as listings are).</summary>
    public static IReadOnlyList<float[]> Embed(List<Template> templates, DirectoryService.Search.Semantic.ITextEmbedder embedder) =>
        embedder.Embed([.. templates.Select(t => $"{t.Name}. {t.Summary} {string.Join(", ", t.TaxonomyTerms.Select(c => c.Replace('-', ' ')))}. {t.Description}")]);

    public (double Lat, double Lon) RandomPoint() =>
        (LatMin + _random.NextDouble() * (LatMax - LatMin), LonMin + _random.NextDouble() * (LonMax - LonMin));

    public static async Task LoadAsync(Harness harness, List<Template> templates, List<Postcode> gazetteer, int count, DateTimeOffset now, int seed,
        IReadOnlyList<float[]>? vectors = null)
    {
        await using (var scope = harness.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
            db.Postcodes.AddRange(gazetteer);
            await db.SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<ISearchBackend>().ResetAsync(CancellationToken.None);
        }
        var generator = new Synthetic(seed);
        foreach (var batch in generator.Documents(templates, count, now, vectors).Chunk(1000))
        {
            await using var scope = harness.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ISearchBackend>().UpsertAsync(batch, CancellationToken.None);
        }
        await using (var scope = harness.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<ISearchBackend>().AnalyzeAsync(CancellationToken.None);
    }
}
