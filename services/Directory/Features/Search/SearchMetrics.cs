using System.Diagnostics;
using System.Diagnostics.Metrics;
using BuildingBlocks.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DirectoryService.Features.Search;

/// <summary>
/// How long searches take and how many find nothing (<c>directory_search_duration_seconds</c> on /metrics, by
/// <c>outcome</c> found or none): the zero-result rate is the clearest sign of a gap in the directory or in search.
/// </summary>
public static class SearchMetrics
{
    private static readonly Histogram<double> Duration = ServiceTelemetry.Meter.CreateHistogram<double>(
        "directory.search.duration", "s", "Searches answered, by whether they found anything.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });

    /// <summary>An endpoint filter for the search route: a search answered is measured, a refused one is not.</summary>
    public static async ValueTask<object?> Measure(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        var answer = await next(context);
        if (answer is Ok<SearchServices.Result> { Value: { } result })
            Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("outcome", result.Total > 0 ? "found" : "none"));
        return answer;
    }
}
