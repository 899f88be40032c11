using BuildingBlocks.Messaging;
using Contracts.Directory;
using ReferralsService.Data;
using Microsoft.EntityFrameworkCore;
using ReferralsService.Domain;

namespace ReferralsService.Consumers;

// Keep the referrable-services read model in step with the Directory. Each runs through the inbox.

public sealed class ServiceListedConsumer(ReferralsDb db, TimeProvider clock) : InboxConsumer<ServiceListed, ReferralsDb>(db, clock)
{
    protected override async Task Handle(ServiceListed message, CancellationToken cancellationToken) =>
        (await Db.FindOrAddService(message.ServiceId, cancellationToken)).Apply(message.OrganisationId, message.OrganisationName,
            message.Name, message.AcceptingReferrals, message.AcceptsSelfReferral, message.AcceptsPractitionerReferral, message.OccurredAt);
}

public sealed class ServiceUpdatedConsumer(ReferralsDb db, TimeProvider clock) : InboxConsumer<ServiceUpdated, ReferralsDb>(db, clock)
{
    protected override async Task Handle(ServiceUpdated message, CancellationToken cancellationToken) =>
        (await Db.FindOrAddService(message.ServiceId, cancellationToken)).Apply(message.OrganisationId, message.OrganisationName,
            message.Name, message.AcceptingReferrals, message.AcceptsSelfReferral, message.AcceptsPractitionerReferral, message.OccurredAt);
}

public sealed class ServiceSuspendedConsumer(ReferralsDb db, TimeProvider clock) : InboxConsumer<ServiceSuspended, ReferralsDb>(db, clock)
{
    protected override async Task Handle(ServiceSuspended message, CancellationToken cancellationToken)
    {
        (await Db.ReferrableServices.FindAsync([message.ServiceId], cancellationToken))
            ?.Suspend(message.PublicNote, message.Alternative, message.OccurredAt);
        await OpenReferrals.FlagUnavailable(Db, message.ServiceId, message.PublicNote, message.Alternative, message.OccurredAt, cancellationToken);
    }
}

public sealed class ServiceReinstatedConsumer(ReferralsDb db, TimeProvider clock) : InboxConsumer<ServiceReinstated, ReferralsDb>(db, clock)
{
    protected override async Task Handle(ServiceReinstated message, CancellationToken cancellationToken)
    {
        var service = await Db.ReferrableServices.FindAsync([message.ServiceId], cancellationToken);
        service?.Reinstate(message.OccurredAt);
        if (service?.State != ListingState.Active) return;
        foreach (var referral in await OpenReferrals.To(Db, message.ServiceId, cancellationToken)) referral.ClearServiceUnavailable();
    }
}

public sealed class ServiceRemovedConsumer(ReferralsDb db, TimeProvider clock) : InboxConsumer<ServiceRemoved, ReferralsDb>(db, clock)
{
    protected override async Task Handle(ServiceRemoved message, CancellationToken cancellationToken)
    {
        (await Db.ReferrableServices.FindAsync([message.ServiceId], cancellationToken))?.Remove(message.OccurredAt);
        await OpenReferrals.FlagUnavailable(Db, message.ServiceId, "The service has been removed from the directory.", null,
            message.OccurredAt, cancellationToken);
    }
}

internal static class OpenReferrals
{
    public static Task<List<Referral>> To(ReferralsDb db, Guid serviceId, CancellationToken cancellationToken)
    {
        var open = Lifecycle.OpenStatuses.ToList();
        return db.Referrals.Where(r => r.ServiceId == serviceId && open.Contains(r.Status)).ToListAsync(cancellationToken);
    }

    /// <summary>Flags every open referral to the service and tells each referrer (one event per referral).</summary>
    public static async Task FlagUnavailable(ReferralsDb db, Guid serviceId, string note, string? alternative, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        foreach (var referral in await To(db, serviceId, cancellationToken))
        {
            referral.FlagServiceUnavailable(note, alternative, at);
            db.Publish(referral.TakeEvents(), at);
        }
    }
}

public sealed class ServiceCapacityChangedConsumer(ReferralsDb db, TimeProvider clock)
    : InboxConsumer<ServiceCapacityChanged, ReferralsDb>(db, clock)
{
    protected override async Task Handle(ServiceCapacityChanged message, CancellationToken cancellationToken) =>
        (await Db.ReferrableServices.FindAsync([message.ServiceId], cancellationToken))
            ?.ChangeCapacity(message.AcceptingReferrals, message.OccurredAt);
}
