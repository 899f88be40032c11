using BuildingBlocks.Messaging;
using Contracts.Directory;
using FeedbackService.Data;

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
