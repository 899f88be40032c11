using BuildingBlocks.Messaging;
using Contracts.Directory;
using ReferralsService.Data;
using ReferralsService.Domain;

namespace ReferralsService.Consumers;

// Keep the referrable-services read model in step with the Directory. Each runs through the inbox.

public sealed class ServiceListedConsumer(ReferralsDb db, TimeProvider clock) : InboxConsumer<ServiceListed, ReferralsDb>(db, clock)
{
    protected override async Task Handle(ServiceListed message, CancellationToken cancellationToken)
    {
        var existing = await Db.ReferrableServices.FindAsync([message.ServiceId], cancellationToken);
        if (existing is null) Db.ReferrableServices.Add(ReferrableService.From(message));
        else existing.Apply(message.OrganisationId, message.OrganisationName, message.Name, message.AcceptingReferrals,
            message.AcceptsSelfReferral, message.AcceptsPractitionerReferral, message.OccurredAt);
    }
}

public sealed class ServiceUpdatedConsumer(ReferralsDb db, TimeProvider clock) : InboxConsumer<ServiceUpdated, ReferralsDb>(db, clock)
{
    protected override async Task Handle(ServiceUpdated message, CancellationToken cancellationToken)
    {
        var service = await Db.ReferrableServices.FindAsync([message.ServiceId], cancellationToken);
        if (service is null)
            Db.ReferrableServices.Add(ReferrableService.From(new ServiceListed(message.ServiceId, message.OrganisationId,
                message.OrganisationName, message.Name, message.AcceptingReferrals, message.AcceptsSelfReferral,
                message.AcceptsPractitionerReferral, message.Wards, message.OccurredAt)));
        else service.Apply(message.OrganisationId, message.OrganisationName, message.Name, message.AcceptingReferrals,
            message.AcceptsSelfReferral, message.AcceptsPractitionerReferral, message.OccurredAt);
    }
}

public sealed class ServiceSuspendedConsumer(ReferralsDb db, TimeProvider clock) : InboxConsumer<ServiceSuspended, ReferralsDb>(db, clock)
{
    protected override async Task Handle(ServiceSuspended message, CancellationToken cancellationToken) =>
        (await Db.ReferrableServices.FindAsync([message.ServiceId], cancellationToken))
            ?.Suspend(message.PublicNote, message.Alternative, message.OccurredAt);
}

public sealed class ServiceReinstatedConsumer(ReferralsDb db, TimeProvider clock) : InboxConsumer<ServiceReinstated, ReferralsDb>(db, clock)
{
    protected override async Task Handle(ServiceReinstated message, CancellationToken cancellationToken) =>
        (await Db.ReferrableServices.FindAsync([message.ServiceId], cancellationToken))?.Reinstate(message.OccurredAt);
}

public sealed class ServiceRemovedConsumer(ReferralsDb db, TimeProvider clock) : InboxConsumer<ServiceRemoved, ReferralsDb>(db, clock)
{
    protected override async Task Handle(ServiceRemoved message, CancellationToken cancellationToken) =>
        (await Db.ReferrableServices.FindAsync([message.ServiceId], cancellationToken))?.Remove(message.OccurredAt);
}

public sealed class ServiceCapacityChangedConsumer(ReferralsDb db, TimeProvider clock)
    : InboxConsumer<ServiceCapacityChanged, ReferralsDb>(db, clock)
{
    protected override async Task Handle(ServiceCapacityChanged message, CancellationToken cancellationToken) =>
        (await Db.ReferrableServices.FindAsync([message.ServiceId], cancellationToken))
            ?.ChangeCapacity(message.AcceptingReferrals, message.OccurredAt);
}
