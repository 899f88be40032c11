using System.Net;
using DirectoryService;
using Microsoft.AspNetCore.Hosting;
using TestSupport;

namespace Directory.Tests.OpenReferral;

public sealed class TightlyThrottledApi : ServiceApi<DirectoryModule>
{
    public const int Permits = 3;

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("OpenReferral:RateLimit:PermitLimit", Permits.ToString());
        builder.UseSetting("OpenReferral:RateLimit:WindowSeconds", "3600");
    }
}

public sealed class OrukRateLimitTests(TightlyThrottledApi api) : IClassFixture<TightlyThrottledApi>
{
    [Fact]
    public async Task A_client_over_its_allowance_gets_a_429_problem_that_still_allows_any_origin()
    {
        using var http = api.CreateClient();
        for (var i = 0; i < TightlyThrottledApi.Permits; i++)
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/taxonomies")).StatusCode);

        var refused = await http.GetAsync("/taxonomies");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", refused.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.True(refused.Headers.RetryAfter is not null);
        // Only the open API is throttled: the service's own health endpoint still answers.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
    }
}
