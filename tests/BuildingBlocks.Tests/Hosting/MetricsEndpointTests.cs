using System.Net;
using TestSupport;

namespace BuildingBlocks.Tests.Hosting;

public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_are_served_without_sign_in_with_the_request_duration_per_route()
    {
        await using var app = await ServiceDefaultsApp.StartAsync();
        using var client = app.Client();
        await client.GetAsync("/open");

        var scrape = "";
        await Eventually.Until(async () =>
        {
            var response = await client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            scrape = await response.Content.ReadAsStringAsync();
            return scrape.Contains("http_server_request_duration_seconds_bucket", StringComparison.Ordinal)
                   && scrape.Contains("http_route=\"/open\"", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), "the /open request in the scrape");
        Assert.StartsWith("text/plain", (await client.GetAsync("/metrics")).Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task With_a_metrics_port_metrics_are_served_there_only_and_that_port_serves_nothing_else()
    {
        var (appPort, metricsPort) = (FreePort(), FreePort());
        await using var app = await ServiceDefaultsApp.StartAsync(
            new() { ["Telemetry:MetricsPort"] = metricsPort.ToString() },
            [$"http://127.0.0.1:{appPort}", $"http://127.0.0.1:{metricsPort}"]);
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{metricsPort}/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{appPort}/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{metricsPort}/open")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"http://127.0.0.1:{appPort}/open")).StatusCode);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
