using System.Net;
using System.Net.Http.Json;
using BuildingBlocks.Auth;
using Feedback.Tests.Support;
using FeedbackService;
using Microsoft.AspNetCore.Hosting;
using TestSupport;

namespace Feedback.Tests.Features.Notifications;

/// <summary>Preferences belong to the caller the token names: a token that names no one reaches nobody's.</summary>
public sealed class CallerIdentityTests(FeedbackApi api) : IClassFixture<FeedbackApi>
{
    private static readonly object Preferences = new { email = "someone@example.org", channels = new[] { "in-app", "email" }, dailyDigest = false };

    [Fact]
    public async Task Tokens_without_a_subject_can_neither_write_nor_read_preferences()
    {
        using var first = api.ClientAs(TestTokens.WithoutSubject());
        using var second = api.ClientAs(TestTokens.WithoutSubject());

        Assert.Equal(HttpStatusCode.Unauthorized, (await first.PutAsJsonAsync("/api/feedback/preferences", Preferences)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/api/feedback/preferences")).StatusCode);
    }

    [Fact]
    public async Task A_signed_in_caller_reads_their_own_preferences_never_stored_by_a_cache()
    {
        using var http = api.ClientAs(TestTokens.For(Roles.Practitioner));
        Assert.Equal(HttpStatusCode.OK, (await http.PutAsJsonAsync("/api/feedback/preferences", Preferences)).StatusCode);

        var response = await http.GetAsync("/api/feedback/preferences");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("someone@example.org", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Open_endpoints_still_answer_without_a_token()
    {
        using var http = api.ClientAs(null);

        var response = await http.GetAsync($"/api/feedback/activities/{Guid.NewGuid()}");

        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.True((int)response.StatusCode < 500);
    }
}

public sealed class DemoKeyTests
{
    [Fact]
    public async Task The_service_refuses_to_start_in_Production_with_the_demo_signing_key()
    {
        await using var service = new ServiceProcess("Feedback", new Dictionary<string, string>
        {
            ["Auth__SigningKey"] = DemoSecrets.SigningKey,
            ["Database__Provider"] = "Sqlite",
            ["Bus__Transport"] = "InMemory",
        });

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => service.Start());

        Assert.Contains("exited", refused.Message);
        Assert.Contains("Auth:SigningKey is the published demo key", refused.Message);
    }
}

public sealed class ThrottledFeedbackApi : ServiceApi<FeedbackModule>
{
    public const int Permits = 2;

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("RateLimit:Submissions:PermitLimit", Permits.ToString());
        builder.UseSetting("RateLimit:Submissions:WindowSeconds", "3600");
    }
}

public sealed class FeedbackThrottleTests(ThrottledFeedbackApi api) : IClassFixture<ThrottledFeedbackApi>
{
    [Fact]
    public async Task Anonymous_feedback_over_the_allowance_gets_a_429_problem_with_retry_after()
    {
        using var http = api.ClientAs(null);
        var path = $"/api/feedback/activities/{Guid.NewGuid()}/feedback";
        for (var i = 0; i < ThrottledFeedbackApi.Permits; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await http.PostAsJsonAsync(path, new { rating = 4 })).StatusCode);

        var refused = await http.PostAsJsonAsync(path, new { rating = 4 });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await http.GetAsync($"/api/feedback/activities/{Guid.NewGuid()}")).StatusCode);
    }
}
