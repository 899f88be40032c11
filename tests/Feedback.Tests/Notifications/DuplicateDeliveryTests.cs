using System.Net;
using System.Net.Http.Json;
using BuildingBlocks.Auth;
using Contracts.Referrals;
using Feedback.Tests.Support;
using FeedbackService.Domain;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;

namespace Feedback.Tests.Notifications;

/// <summary>The same event (same MessageId) delivered twice over real RabbitMQ tells the referrer once.</summary>
public sealed class DuplicateDeliveryTests(FeedbackApi api) : IClassFixture<FeedbackApi>
{
    [Fact]
    public async Task The_same_status_event_delivered_twice_gives_one_inbox_message_and_one_email()
    {
        var referrerId = $"practitioner-{Guid.NewGuid():N}"[..24];
        var email = $"{referrerId}@gp.example.nhs.uk";
        var referrer = TestTokens.For(Roles.Practitioner, userId: referrerId);
        using (var http = api.ClientAs(referrer))
        {
            var put = await http.PutAsJsonAsync("/api/feedback/preferences", new { email, channels = new[] { "in-app", "email" }, dailyDigest = false });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var observer = new StatusConsumes();
        using var _ = api.Services.GetRequiredService<IBus>().ConnectConsumeObserver(observer);
        var referralId = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        var accepted = new ReferralStatusChanged(referralId, Guid.NewGuid(), Guid.NewGuid(), referrerId,
            "requested", "accepted", null, "provider-staff", true, DateTimeOffset.UtcNow);

        await api.Publish(accepted, messageId);
        await api.Publish(accepted, messageId);

        await Eventually.Until(() => Task.FromResult(observer.Of(messageId) == 2), TimeSpan.FromSeconds(60),
            "both deliveries to be consumed");
        await Eventually.Until(() => api.InDb(db => db.Notifications.AnyAsync(n =>
                n.ReferralId == referralId && n.Channel == Channels.Email && n.Status == DeliveryStatus.Sent)),
            TimeSpan.FromSeconds(30), "the email to be sent");

        var inbox = await api.Inbox(referrer, referralId);
        Assert.Single(inbox, i => i.Template == "referral-accepted");
        Assert.Single(api.Smtp.To(email));
        Assert.Contains("has accepted your referral", api.Smtp.To(email)[0].Subject);
        Assert.Equal(1, await api.InDb(db => db.Notifications.CountAsync(n => n.ReferralId == referralId && n.Channel == Channels.Email)));
    }
}
