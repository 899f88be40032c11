using BuildingBlocks.Messaging;
using Contracts.Directory;
using FeedbackService.Data;
using FeedbackService.Notifications;

namespace FeedbackService.Consumers;

public sealed class ServiceListedConsumer(FeedbackDb db, TimeProvider clock) : InboxConsumer<ServiceListed, FeedbackDb>(db, clock)
{
    protected override async Task Handle(ServiceListed message, CancellationToken cancellationToken) =>
        (await Db.FindOrAddActivity(message.ServiceId, cancellationToken))
            .Describe(message.OrganisationId, message.OrganisationName, message.Name, message.Essentials, message.OccurredAt);
}

public sealed class ServiceUpdatedConsumer(FeedbackDb db, TimeProvider clock) : InboxConsumer<ServiceUpdated, FeedbackDb>(db, clock)
{
    protected override async Task Handle(ServiceUpdated message, CancellationToken cancellationToken) =>
        (await Db.FindOrAddActivity(message.ServiceId, cancellationToken))
            .Describe(message.OrganisationId, message.OrganisationName, message.Name, message.Essentials, message.OccurredAt);
}

/// <summary>
/// Directory's freshness monitor says a listing needs its provider to confirm it: the provider's staff are asked;
/// once it is stale the curators are told as well (it is demoted in search and waits in their queue).
/// </summary>
public sealed class ListingVerificationDueConsumer(FeedbackDb db, TimeProvider clock, Notifier notifier)
    : NotifyingConsumer<ListingVerificationDue>(db, clock)
{
    protected override async Task Handle(ListingVerificationDue message, CancellationToken cancellationToken)
    {
        var source = Source;
        await notifier.ToOrganisation(source, message.OrganisationId,
            Templates.ConfirmListing(message.Name, message.LastVerifiedAt, message.DueBy, message.IsStale), cancellationToken);
        if (message.IsStale)
            await notifier.ToCurators(source, Templates.StaleListing(message.Name, message.LastVerifiedAt), cancellationToken);
    }
}

/// <summary>
/// A listing was suspended (a curator's crisis mode, its provider's own closure notice, or its publisher withdrawing it):
/// the provider's staff are told in their shared inbox, with the public note and the alternative people are given.
/// (Referrers with open referrals are told by Referrals, one message per referral.)
/// </summary>
public sealed class ServiceSuspendedConsumer(FeedbackDb db, TimeProvider clock, Notifier notifier)
    : NotifyingConsumer<ServiceSuspended>(db, clock)
{
    protected override async Task Handle(ServiceSuspended message, CancellationToken cancellationToken)
    {
        var activity = await Db.Activities.FindAsync([message.ServiceId], cancellationToken);
        if (activity is null || activity.OrganisationId == Guid.Empty) return;
        await notifier.ToOrganisation(Source, activity.OrganisationId,
            Templates.ListingSuspended(activity.Name, message.PublicNote, message.Alternative), cancellationToken);
    }
}
