using System.Globalization;
using TestSupport;

namespace Directory.Tests.Features.Search;

public sealed class SearchMetricsTests(DemoDirectoryApi api) : IClassFixture<DemoDirectoryApi>
{
    [Fact]
    public async Task Metrics_count_searches_that_found_something_apart_from_those_that_found_nothing()
    {
        using var http = api.ClientAs(null);
        var (foundBefore, noneBefore) = (await Count(http, "found"), await Count(http, "none"));

        await http.GetStringAsync("/api/directory/search?q=befriending");
        await http.GetStringAsync("/api/directory/search?q=sailing%20club");
        await http.GetStringAsync("/api/directory/search?q=zzqxv");

        // The scrape reads what the exporter has collected, which can trail the request by a moment. At least: the
        // meter is process-wide, so other test classes' hosts searching at the same time add to the same counts.
        await Eventually.Until(async () => await Count(http, "found") >= foundBefore + 1 && await Count(http, "none") >= noneBefore + 2,
            TimeSpan.FromSeconds(30), "one found and two found-nothing searches in the scrape");
    }

    /// <summary>The count of searches with this outcome in the Prometheus scrape (0 before the first).</summary>
    private static async Task<long> Count(HttpClient http, string outcome)
    {
        var scrape = await http.GetStringAsync("/metrics");
        var line = scrape.Split('\n').FirstOrDefault(l =>
            l.StartsWith("directory_search_duration_seconds_count{", StringComparison.Ordinal) && l.Contains($"outcome=\"{outcome}\"", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }
}
