using Contracts.Referrals;
using Feedback.Tests.Support;
using FeedbackService.Domain;
using Microsoft.EntityFrameworkCore;
using TestSupport;

namespace Feedback.Tests.Features.Inbox;

/// <summary>
/// An in-app message is the notification row itself: it is readable the moment the consumer commits it, with no
/// delivery worker running at all here. One cancelled before it went never shows, nor one scheduled for later.
/// </summary>
public sealed class InboxVisibilityTests(FeedbackApi.WithoutDelivery api) : IClassFixture<FeedbackApi.WithoutDelivery>
{
    [Fact]
    public async Task In_app_messages_are_readable_once_committed_and_a_scheduled_one_is_not_yet()
    {
        var referral = await api.AcceptedReferral(); // waits until Feedback has committed the acceptance

        var referrers = await api.WaitForInbox(referral.ReferrerToken, referral.Id, "referral-accepted");
        var providers = await api.Inbox(referral.ProviderToken, referral.Id);

        Assert.Single(referrers);
        Assert.Equal(DeliveryStatus.Pending, await Status(referral.Id, "referral-accepted")); // never marked sent
        Assert.DoesNotContain(providers, i => i.Template == "outcomes-follow-up-due"); // due in ten weeks
        Assert.Equal(DeliveryStatus.Pending, await Status(referral.Id, "outcomes-follow-up-due"));
    }

    [Fact]
    public async Task A_message_cancelled_when_consent_was_withdrawn_disappears_from_the_inbox()
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

    private Task<string> Status(Guid referralId, string template) =>
        api.InDb(db => db.Notifications.AsNoTracking()
            .Where(n => n.ReferralId == referralId && n.Template == template && n.Channel == Channels.InApp)
            .Select(n => n.Status).SingleAsync());
}
