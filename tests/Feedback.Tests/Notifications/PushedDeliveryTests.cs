using System.Net;
using System.Net.Http.Json;
using BuildingBlocks.Auth;
using Contracts.Referrals;
using Feedback.Tests.Support;
using TestSupport;

namespace Feedback.Tests.Notifications;

/// <summary>
/// The delivery worker sends a notification as soon as the consumer's transaction that made it commits, not at its
/// next poll (ten minutes away here).
/// </summary>
public sealed class PushedDeliveryTests(FeedbackApi.PollingRarely api) : IClassFixture<FeedbackApi.PollingRarely>
{
    private async Task<string> ReferrerWantingEmail(string referrerId)
    {
        var email = $"{referrerId}@gp.example.nhs.uk";
        using var http = api.ClientAs(TestTokens.For(Roles.Practitioner, userId: referrerId));
        var put = await http.PutAsJsonAsync("/api/feedback/preferences", new { email, channels = new[] { "email" }, dailyDigest = false });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        return email;
    }

    private Task Accept(string referrerId) => api.Publish(new ReferralStatusChanged(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(),
        referrerId, ReferralStatuses.Requested, ReferralStatuses.Accepted, null, "provider-staff", true, DateTimeOffset.UtcNow));

    [Fact]
    public async Task An_email_committed_by_a_consumer_goes_out_without_waiting_for_the_poll()
    {
        var referrerId = $"practitioner-{Guid.NewGuid():N}"[..24];
        var email = await ReferrerWantingEmail(referrerId);
        // The first may go out with the worker's first look at start-up; the second can only go out if pushed.
        await Accept(referrerId);
        await Eventually.Until(() => Task.FromResult(api.Smtp.To(email).Count == 1), TimeSpan.FromSeconds(30), "the first email");

        await Accept(referrerId);

        await Eventually.Until(() => Task.FromResult(api.Smtp.To(email).Count == 2), TimeSpan.FromSeconds(30),
            "the second email, long before the next poll");
    }
}
