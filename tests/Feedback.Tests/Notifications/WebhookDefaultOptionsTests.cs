using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildingBlocks.Auth;
using Contracts.Referrals;
using Feedback.Tests.Support;
using FeedbackService.Data;
using FeedbackService.Domain;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;

namespace Feedback.Tests.Notifications;

/// <summary>The service as deployed: webhooks only to https on public hosts, at registration and at send time.</summary>
public sealed class WebhookDefaultOptionsTests(StrictWebhooksFeedbackApi api) : IClassFixture<StrictWebhooksFeedbackApi>
{
    private static (string Id, string Token) NewReferrer()
    {
        var id = $"practitioner-{Guid.NewGuid():N}"[..24];
        return (id, TestTokens.For(Roles.Practitioner, userId: id));
    }

    [Theory]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("http://gp-system.example.org/hook")]
    [InlineData("https://localhost:8443/hook")]
    [InlineData("https://[::ffff:10.0.0.1]/hook")]
    public async Task Registering_a_webhook_to_an_internal_or_plain_http_address_is_a_400_naming_the_url(string url)
    {
        using var http = api.ClientAs(NewReferrer().Token);

        var response = await http.PostAsJsonAsync("/api/feedback/webhooks", new { url, secret = "long-enough-secret-1234" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("url", out _), problem.ToString());
    }

    [Fact]
    public async Task Registering_an_https_webhook_to_a_public_host_is_accepted()
    {
        using var http = api.ClientAs(NewReferrer().Token);

        var response = await http.PostAsJsonAsync("/api/feedback/webhooks",
            new { url = "https://gp-system.example.org/hooks/referrals", secret = "long-enough-secret-1234" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_stored_webhook_to_a_loopback_receiver_is_never_called_and_fails_permanently()
    {
        await using var receiver = await WebhookReceiver.Start("receiver-secret-0123456789");
        var (referrerId, token) = NewReferrer();
        await using (var scope = api.Services.CreateAsyncScope())
        {
            // As a row registered before the rule existed would be.
            var db = scope.ServiceProvider.GetRequiredService<FeedbackDb>();
            db.Webhooks.Add(new WebhookSubscription(referrerId, receiver.Url, receiver.Secret, ["*"], DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }
        using var http = api.ClientAs(token);
        Assert.Equal(HttpStatusCode.OK, (await http.PutAsJsonAsync("/api/feedback/preferences",
            new { channels = new[] { "in-app", "webhook" }, dailyDigest = false })).StatusCode);
        var referralId = Guid.NewGuid();

        await api.Publish(new ReferralStatusChanged(referralId, Guid.NewGuid(), Guid.NewGuid(), referrerId, "requested", "accepted",
            null, "provider-staff", true, DateTimeOffset.UtcNow));

        JsonElement failed = default;
        using var admin = api.ClientAs(TestTokens.For(Roles.Admin));
        await Eventually.Until(async () =>
        {
            var failures = await admin.GetFromJsonAsync<JsonElement>("/api/feedback/deliveries?status=failed");
            failed = failures.GetProperty("items").EnumerateArray()
                .FirstOrDefault(d => d.GetProperty("referralId").GetString() == referralId.ToString());
            return failed.ValueKind == JsonValueKind.Object;
        }, TimeSpan.FromSeconds(30), "the refused delivery to be listed as failed");
        Assert.Equal("webhook", failed.GetProperty("channel").GetString());
        Assert.Equal(1, failed.GetProperty("attempts").GetInt32());
        Assert.Contains("refused", failed.GetProperty("lastError").GetString());
        Assert.Empty(receiver.Verified);
        Assert.Empty(receiver.Rejected);
    }
}
