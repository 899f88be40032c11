using BuildingBlocks.Messaging;
using Contracts.Directory;
using FeedbackService.Data;
using FeedbackService.Domain;

namespace FeedbackService.Consumers;

public sealed class ServiceListedConsumer(FeedbackDb db, TimeProvider clock) : InboxConsumer<ServiceListed, FeedbackDb>(db, clock)
{
    protected override async Task Handle(ServiceListed message, CancellationToken cancellationToken) =>
        (await Activity(message.ServiceId, cancellationToken))
            .Rename(message.OrganisationId, message.OrganisationName, message.Name, message.OccurredAt);

    private async Task<Activity> Activity(Guid serviceId, CancellationToken cancellationToken) =>
        await Db.Activities.FindAsync([serviceId], cancellationToken) ?? Db.Activities.Add(new Activity(serviceId)).Entity;
}

public sealed class ServiceUpdatedConsumer(FeedbackDb db, TimeProvider clock) : InboxConsumer<ServiceUpdated, FeedbackDb>(db, clock)
{
    protected override async Task Handle(ServiceUpdated message, CancellationToken cancellationToken) =>
        (await Db.Activities.FindAsync([message.ServiceId], cancellationToken) ?? Db.Activities.Add(new Activity(message.ServiceId)).Entity)
            .Rename(message.OrganisationId, message.OrganisationName, message.Name, message.OccurredAt);
}
