using BuildingBlocks.Messaging;
using Contracts.Directory;
using FeedbackService.Data;
using FeedbackService.Notifications;

namespace FeedbackService.Consumers;

public sealed class ServiceListedConsumer(FeedbackDb db, TimeProvider clock) : InboxConsumer<ServiceListed, FeedbackDb>(db, clock)
{
    protected override async Task Handle(ServiceListed message, CancellationToken cancellationToken) =>
        (await Db.FindOrAddActivity(message.ServiceId, cancellationToken))
            .Rename(message.OrganisationId, message.OrganisationName, message.Name, message.OccurredAt);
}

public sealed class ServiceUpdatedConsumer(FeedbackDb db, TimeProvider clock) : InboxConsumer<ServiceUpdated, FeedbackDb>(db, clock)
{
    protected override async Task Handle(ServiceUpdated message, CancellationToken cancellationToken) =>
        (await Db.FindOrAddActivity(message.ServiceId, cancellationToken))
            .Rename(message.OrganisationId, message.OrganisationName, message.Name, message.OccurredAt);
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
