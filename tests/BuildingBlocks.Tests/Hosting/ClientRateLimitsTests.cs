using System.Net;
using BuildingBlocks.Tests.Hosting;

namespace BuildingBlocks.Tests.Hosting;

public sealed class ClientRateLimitsTests
{
    private static Task<ServiceDefaultsApp> StartWithLimits() => ServiceDefaultsApp.StartAsync(new()
    {
        ["RateLimit:Search:PermitLimit"] = "2",
        ["RateLimit:Submissions:PermitLimit"] = "1",
    });

    [Fact]
    public async Task A_client_over_its_search_allowance_gets_a_429_problem_with_retry_after()
    {
        await using var app = await StartWithLimits();
        using var http = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/search")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/search")).StatusCode);

        var refused = await http.GetAsync("/search");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Each_client_forwarded_by_a_trusted_proxy_has_its_own_allowance()
    {
        await using var app = await StartWithLimits();
        async Task<HttpStatusCode> SearchFrom(string client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/search");
            request.Headers.Add("X-Forwarded-For", client);
            using var http = app.Client();
            return (await http.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await SearchFrom("198.51.100.1"));
        Assert.Equal(HttpStatusCode.OK, await SearchFrom("198.51.100.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SearchFrom("198.51.100.1"));

        Assert.Equal(HttpStatusCode.OK, await SearchFrom("198.51.100.2"));
    }

    [Fact]
    public async Task Only_submissions_count_against_the_submission_allowance_not_reading_the_form()
    {
        await using var app = await StartWithLimits();
        using var http = app.Client();
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/feedback")).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/feedback", null)).StatusCode);
        var refused = await http.PostAsync("/feedback", null);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);
    }
}
