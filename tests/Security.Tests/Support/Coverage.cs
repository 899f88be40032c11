namespace Security.Tests.Support;

/// <summary>The assertions the three services' matrix and fuzz tests share, with messages that list every failure.</summary>
public static class Coverage
{
    public static void AssertComplete<TApi>(IReadOnlyList<ApiEndpoint> endpoints, IReadOnlyList<MatrixRow<TApi>> rows)
    {
        var (missing, unknown) = Matrix.Coverage(endpoints, rows);
        Assert.True(missing.Count == 0 && unknown.Count == 0,
            $"Endpoints with no matrix row: [{string.Join(", ", missing)}]; rows for endpoints the app does not serve: [{string.Join(", ", unknown)}]");
    }

    public static async Task AssertRowHolds<TApi>(TApi api, IReadOnlyList<MatrixRow<TApi>> rows, string key) where TApi : ISecurityApi
    {
        var row = rows.Single(r => r.Key == key);
        var failures = await Matrix.CheckAsync(api, row);
        Assert.True(failures.Count == 0, $"{row.Key} [{row.Access}]:\n  {string.Join("\n  ", failures)}");
    }

    public static void AssertClean(FuzzReport report, IReadOnlyList<ApiEndpoint> endpoints)
    {
        Assert.True(report.Failures.Count == 0,
            $"{report.Summary} (again with FUZZ_SEED={report.Seed})\n  {string.Join("\n  ", report.Failures.Take(80))}" +
            (report.Failures.Count > 80 ? $"\n  ... and {report.Failures.Count - 80} more" : ""));
        Assert.Equal(endpoints.Count, report.Endpoints);
    }
}
