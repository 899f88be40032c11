using Xunit.Abstractions;

namespace Security.Tests.Support;

/// <summary>What one service's fuzz run sent and found; printed for docs/RELIABILITY.md.</summary>
public sealed record FuzzReport(string Service, int Seed, int Endpoints, int Requests, IReadOnlyDictionary<int, int> ByStatus,
    int Refused, int RefusedVerifiedUnchanged, IReadOnlyList<string> Failures)
{
    public string Summary =>
        $"{Service}: seed {Seed}, {Endpoints} endpoints, {Requests} requests, {Failures.Count} failures; statuses " +
        string.Join(", ", ByStatus.OrderBy(s => s.Key).Select(s => $"{s.Key}x{s.Value}")) +
        $"; {RefusedVerifiedUnchanged} of {Refused} refused requests checked to change no row";
}

/// <summary>
/// Sends every endpoint's good request and its malformed variations as the endpoint's owner (so they get past sign-in
/// and reach binding, validation and the handler), and checks: no 5xx, every 4xx is problem+json, and no refused
/// request changed the database (its fingerprint is taken after every request, so each refusal is compared with the
/// state just before it).
/// </summary>
public static class FuzzRun
{
    public static int SeedFromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out var seed) ? seed : Random.Shared.Next();

    public static int RequestsPerEndpoint() =>
        int.TryParse(Environment.GetEnvironmentVariable("FUZZ_REQUESTS_PER_ENDPOINT"), out var count) ? count : 40;

    public static async Task<FuzzReport> RunAsync<TApi>(string service, TApi api, IReadOnlyList<MatrixRow<TApi>> rows, int seed,
        int perEndpoint, ITestOutputHelper output) where TApi : ISecurityApi
    {
        var fuzzer = new Fuzzer(seed);
        var failures = new List<string>();
        var byStatus = new SortedDictionary<int, int>();
        int requests = 0, refused = 0, verified = 0, endpoints = 0;
        foreach (var endpoint in api.Endpoints)
        {
            var row = rows.FirstOrDefault(r => r.Endpoint == endpoint.Key);
            if (row is null) { failures.Add($"{endpoint.Key}: no matrix row, so no good request to start from"); continue; }
            endpoints++;
            var owner = row.Owner;
            var good = await row.Arrange(api, owner);
            using var http = api.ClientFor(owner);
            var before = await api.Fingerprint();
            var sent = 0;
            foreach (var (kind, request) in fuzzer.Requests(endpoint, good, perEndpoint))
            {
                requests++;
                sent++;
                var what = $"{endpoint.Key} [{kind}] {request.Describe()}";
                var wasRefused = false;
                api.Errors.Drain(); // what earlier requests logged (EF logs a refused query too) is not this one's story
                try
                {
                    var (response, body) = await Request.Send(http, request.ToMessage(endpoint.Method));
                    using var _ = response;
                    var status = (int)response.StatusCode;
                    byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
                    if (status >= 500)
                        failures.Add($"{what} -> {status}: {string.Join(" | ", api.Errors.Drain().DefaultIfEmpty(Request.Shorten(body)))}");
                    else if (status >= 400 && !Refusals.IsProblemDetails(response, body))
                        failures.Add($"{what} -> {status} as {response.Content.Headers.ContentType?.MediaType ?? "no content type"}");
                    wasRefused = status >= 400;
                }
                catch (Exception e)
                {
                    failures.Add($"{what} -> threw {e.GetType().Name}: {e.Message} {e.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}");
                }

                // Every request's effect is the difference from the state just before it; a refused one must have none.
                var after = await api.Fingerprint();
                if (wasRefused)
                {
                    refused++;
                    var changed = StateFingerprint.Changed(before, after);
                    if (changed.Count > 0) failures.Add($"{what} -> refused, but changed {string.Join(", ", changed)}");
                    else verified++;
                }
                before = after;
            }
            output.WriteLine($"{endpoint.Key}: {sent} requests as {owner}");
        }
        var report = new FuzzReport(service, seed, endpoints, requests, byStatus, refused, verified, failures);
        output.WriteLine(report.Summary);
        return report;
    }
}
