using System.Net;
using System.Net.Http.Json;
using BuildingBlocks.Auth;
using Contracts.Referrals;
using Feedback.Tests.Support;
using FeedbackService.Domain;
using FeedbackService.Notifications;
using Microsoft.EntityFrameworkCore;
using TestSupport;

namespace Feedback.Tests.Features.Deliveries;

/// <summary>
/// An admin settles an unconfirmed message (a send begun and never recorded) over HTTP: it went, or it goes again;
/// and a consent withdrawal cancels an unconfirmed message as it does a pending one, so it can never be sent again.
/// </summary>
public sealed class ResolveUnconfirmedTests(FeedbackApi.WithoutDelivery api) : IClassFixture<FeedbackApi.WithoutDelivery>
{
    private HttpClient Admin => api.ClientAs(TestTokens.For(Roles.Admin));

    [Fact]
    public async Task An_admin_settles_an_unconfirmed_message_as_sent_or_to_send_again_and_only_once()
    {
        var went = await Unconfirmed(Guid.NewGuid(), "pat@example.org");
        var resend = await Unconfirmed(Guid.NewGuid(), "sam@example.org");

        var listed = await Admin.GetFromJsonAsync<DeliveriesPage>("/api/feedback/deliveries?status=unconfirmed");
        Assert.Contains(listed!.Items, i => i.Id == went);

        Assert.Equal(DeliveryStatus.Sent, await Resolve(went, "sent", HttpStatusCode.OK));
        Assert.Equal(DeliveryStatus.Pending, await Resolve(resend, "resend", HttpStatusCode.OK));
        var row = await api.InDb(db => db.Notifications.AsNoTracking().SingleAsync(n => n.Id == resend));
        Assert.Null(row.SendingAt);

        await Resolve(went, "resend", HttpStatusCode.Conflict); // settled already
        await Resolve(Guid.NewGuid(), "sent", HttpStatusCode.NotFound);
        await Resolve(resend, "maybe", HttpStatusCode.BadRequest);
        using var practitioner = api.ClientAs(TestTokens.For(Roles.Practitioner));
        Assert.Equal(HttpStatusCode.Forbidden,
            (await practitioner.PostAsJsonAsync($"/api/feedback/deliveries/{went}/resolve", new { outcome = "sent" })).StatusCode);
    }

    [Fact]
    public async Task Withdrawing_email_consent_cancels_an_unconfirmed_email_so_it_can_never_go_again()
    {
        var referralId = Guid.NewGuid();
        await api.Publish(new ReferralConsentChanged(referralId, true, true, ContactBySms: false, ContactByEmail: true, "Pat",
            "pat@example.org", null, DateTimeOffset.UtcNow.AddMinutes(-5)));
        await Eventually.Until(() => api.InDb(db => db.Referrals.AnyAsync(r => r.Id == referralId)), TimeSpan.FromSeconds(60), "the consent");
        var id = await Unconfirmed(referralId, "pat@example.org");

        await api.Publish(new ReferralConsentChanged(referralId, true, true, ContactBySms: false, ContactByEmail: false, "Pat",
            null, null, DateTimeOffset.UtcNow));

        await Eventually.Until(() => api.InDb(db => db.Notifications.AnyAsync(n => n.Id == id && n.Status == DeliveryStatus.Cancelled)),
            TimeSpan.FromSeconds(60), "the withdrawal to cancel the unconfirmed email");
        await Resolve(id, "resend", HttpStatusCode.Conflict);
    }

    /// <summary>An email to the person on the referral, as the worker leaves one it began and never recorded.</summary>
    private async Task<Guid> Unconfirmed(Guid referralId, string email)
    {
        var notification = new Notification($"test:{Guid.NewGuid()}", Notifier.Person(referralId), Channels.Email, email, "referral-accepted-person",
            referralId, "Your referral", "Hello", DateTimeOffset.UtcNow);
        await api.InDb(async db =>
        {
            db.Notifications.Add(notification);
            await db.SaveChangesAsync();
            return await db.Notifications.Where(n => n.Id == notification.Id).ExecuteUpdateAsync(set => set
                .SetProperty(n => n.Status, DeliveryStatus.Unconfirmed).SetProperty(n => n.SendingAt, DateTimeOffset.UtcNow));
        });
        return notification.Id;
    }

    private async Task<string?> Resolve(Guid id, string outcome, HttpStatusCode expected)
    {
        var response = await Admin.PostAsJsonAsync($"/api/feedback/deliveries/{id}/resolve", new { outcome });
        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.OK)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return null;
        }
        return (await response.Content.ReadFromJsonAsync<Resolved>())!.Status;
    }

    private sealed record Resolved(Guid Id, string Status);

    private sealed record DeliveriesPage(List<DeliveryItem> Items);

    private sealed record DeliveryItem(Guid Id, string Status);
}
