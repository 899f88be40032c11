using System.Net;
using System.Net.Http.Json;
using EmbeddedHost;

namespace Portal.Tests.Journeys;

/// <summary>The embedded default with allowances of two searches and two feedback posts per client (no browser).</summary>
public sealed class ThrottledSystem : IAsyncLifetime
{
    public const int Permits = 2;
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), "portal-throttle-" + Guid.NewGuid().ToString("N"));
    private EmbeddedSystem? _system;

    public string PortalUrl => _system!.PortalUrl;
    public string ApiUrl => _system!.ApiUrl;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataFolder);
        _system = await EmbeddedSystem.StartAsync(PortalSystem.Arguments(_dataFolder,
            $"--RateLimit:Search:PermitLimit={Permits}", "--RateLimit:Search:WindowSeconds=3600",
            $"--RateLimit:Submissions:PermitLimit={Permits}", "--RateLimit:Submissions:WindowSeconds=3600"));
    }

    public async Task DisposeAsync()
    {
        if (_system is not null) await _system.DisposeAsync();
        try { Directory.Delete(_dataFolder, recursive: true); } catch (IOException) { /* SQLite may still hold a file briefly */ }
    }

    /// <summary>Each test its own client address (forwarded from loopback, which is trusted), so its own allowance.</summary>
    public HttpClient ClientFrom(string baseUrl, string address)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
        http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return http;
    }
}

public sealed class ThrottlingTests(ThrottledSystem system) : IClassFixture<ThrottledSystem>
{
    [Fact]
    public async Task The_search_page_over_the_allowance_answers_429_with_the_error_page_and_retry_after()
    {
        using var http = system.ClientFrom(system.PortalUrl, "198.51.100.10");
        for (var i = 0; i < ThrottledSystem.Permits; i++)
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/search?q=walking")).StatusCode);

        var refused = await http.GetAsync("/search?q=walking");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("Too many requests", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Posting_feedback_pages_over_the_allowance_answers_429_while_reading_the_form_is_free()
    {
        using var http = system.ClientFrom(system.PortalUrl, "198.51.100.11");
        var path = $"/services/{Guid.NewGuid()}/feedback";
        for (var i = 0; i < ThrottledSystem.Permits + 1; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await http.GetAsync(path)).StatusCode);
        for (var i = 0; i < ThrottledSystem.Permits; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await http.PostAsync(path, new FormUrlEncodedContent([]))).StatusCode);

        var refused = await http.PostAsync(path, new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Fact]
    public async Task The_directory_search_api_over_the_allowance_answers_a_429_problem()
    {
        using var http = system.ClientFrom(system.ApiUrl, "198.51.100.12");
        for (var i = 0; i < ThrottledSystem.Permits; i++)
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/directory/search?q=walking")).StatusCode);

        var refused = await http.GetAsync("/api/directory/search?q=walking");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(429, (await refused.Content.ReadFromJsonAsync<ProblemStatus>())!.Status);
    }

    private sealed record ProblemStatus(int Status);
}
