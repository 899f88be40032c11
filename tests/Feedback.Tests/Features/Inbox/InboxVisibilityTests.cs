using System.Net;
using Contracts.Referrals;
using Feedback.Tests.Support;
using FeedbackService.Domain;
using Microsoft.EntityFrameworkCore;
using TestSupport;

namespace Feedback.Tests.Features.Inbox;

/// <summary>
/// An in-app message is the notification row itself: it is delivered by the consumer's commit, with no delivery worker
/// running at all here. One scheduled for later waits; one cancelled by a consent withdrawal before it was read leaves
/// the inbox.
/// </summary>
public sealed class InboxVisibilityTests(FeedbackApi.WithoutDelivery api) : IClassFixture<FeedbackApi.WithoutDelivery>
{
    [Fact]
    public async Task In_app_messages_are_delivered_by_their_commit_and_a_scheduled_one_is_not_yet()
    {
        var referral = await api.AcceptedReferral(); // waits until Feedback has committed the acceptance

        var referrers = await api.WaitForInbox(referral.ReferrerToken, referral.Id, "referral-accepted");
        var providers = await api.Inbox(referral.ProviderToken, referral.Id);

        Assert.Single(referrers);
        Assert.Equal(DeliveryStatus.Sent, await Status(referral.Id, "referral-accepted")); // no worker runs here
        Assert.DoesNotContain(providers, i => i.Template == "outcomes-follow-up-due"); // due in ten weeks
        Assert.Equal(DeliveryStatus.Pending, await Status(referral.Id, "outcomes-follow-up-due"));
    }

    [Fact]
    public async Task An_unread_message_cancelled_when_consent_was_withdrawn_disappears_from_the_inbox()
    {
        var referral = await api.AcceptedReferral(shareOutcomes: true);
        await api.Publish(new ReferralStatusChanged(referral.Id, referral.ServiceId, referral.OrganisationId, referral.ReferrerId,
            ReferralStatuses.Accepted, ReferralStatuses.InProgress, null, "system", true, DateTimeOffset.UtcNow));
        await api.WaitForInbox(referral.ReferrerToken, referral.Id, "referral-in-progress");

        await api.Publish(new ReferralConsentChanged(referral.Id, ShareWithProvider: true, ShareOutcomesWithReferrer: false,
            ContactBySms: false, ContactByEmail: false, "Pat", null, null, DateTimeOffset.UtcNow.AddSeconds(1)));
        await Eventually.Until(async () => await Status(referral.Id, "referral-in-progress") == DeliveryStatus.Cancelled,
            TimeSpan.FromSeconds(30), "the withdrawal to cancel the message");

        var inbox = await api.Inbox(referral.ReferrerToken, referral.Id);
        Assert.DoesNotContain(inbox, i => i.Template == "referral-in-progress");
        Assert.Contains(inbox, i => i.Template == "referral-accepted");
    }

    [Fact]
    public async Task A_message_already_read_stays_in_the_inbox_when_consent_is_withdrawn()
    {
        var referral = await api.AcceptedReferral(shareOutcomes: true);
        await api.Publish(new ReferralStatusChanged(referral.Id, referral.ServiceId, referral.OrganisationId, referral.ReferrerId,
            ReferralStatuses.Accepted, ReferralStatuses.InProgress, null, "system", true, DateTimeOffset.UtcNow));
        var news = (await api.WaitForInbox(referral.ReferrerToken, referral.Id, "referral-in-progress")).Single(i => i.Template == "referral-in-progress");
        using (var referrer = api.ClientAs(referral.ReferrerToken))
            Assert.Equal(HttpStatusCode.NoContent, (await referrer.PostAsync($"/api/feedback/inbox/{news.Id}/read", null)).StatusCode);

        await api.Publish(new ReferralConsentChanged(referral.Id, ShareWithProvider: true, ShareOutcomesWithReferrer: false,
            ContactBySms: false, ContactByEmail: false, "Pat", null, null, DateTimeOffset.UtcNow.AddSeconds(1)));
        await Eventually.Until(() => api.InDb(db => db.Referrals.AsNoTracking().AnyAsync(r => r.Id == referral.Id && !r.ShareOutcomesWithReferrer)),
            TimeSpan.FromSeconds(30), "the withdrawal to reach Feedback");

        // What the referrer has already read was theirs when they read it; only news still unread is taken back.
        Assert.Equal(DeliveryStatus.Sent, await Status(referral.Id, "referral-in-progress"));
        Assert.Contains(await api.Inbox(referral.ReferrerToken, referral.Id), i => i.Template == "referral-in-progress");
    }

    private Task<string> Status(Guid referralId, string template) =>
        api.InDb(db => db.Notifications.AsNoTracking()
            .Where(n => n.ReferralId == referralId && n.Template == template && n.Channel == Channels.InApp)
            .Select(n => n.Status).SingleAsync());
}
