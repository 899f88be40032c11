using BuildingBlocks.Messaging;
using Contracts.Referrals;
using FeedbackService.Data;
using FeedbackService.Notifications;
using Microsoft.EntityFrameworkCore;

namespace FeedbackService.Consumers;

/// <summary>
/// Referrals anonymised a referral (retention or erasure): Feedback forgets the person's name and addresses and
/// redacts the messages sent to them; attendance and outcome scores stay as counts for an anonymous referral.
/// </summary>
public sealed class ReferralAnonymisedConsumer(FeedbackDb db, TimeProvider clock) : InboxConsumer<ReferralAnonymised, FeedbackDb>(db, clock)
{
    protected override async Task Handle(ReferralAnonymised message, CancellationToken cancellationToken)
    {
        var referral = await Db.FindOrAddReferral(message.ReferralId, cancellationToken);
        referral.ForgetPerson(message.OccurredAt);
        var person = Notifier.Person(message.ReferralId);
        foreach (var notification in await Db.Notifications.Where(n => n.Recipient == person).ToListAsync(cancellationToken))
            notification.Redact();
    }
}
