using Contracts.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ReferralsService.Domain;

public enum ListingState { Active, Suspended, Removed }

/// <summary>
/// Referrals' own copy of what it needs to know about a Directory service, fed by Directory events, so that
/// making a referral never waits on a call to Directory.
/// </summary>
public sealed class ReferrableService
{
    public Guid ServiceId { get; private set; }
    public Guid OrganisationId { get; private set; }
    public string OrganisationName { get; private set; } = "";
    public string Name { get; private set; } = "";
    public ReferralAcceptance AcceptingReferrals { get; private set; }
    public bool AcceptsSelfReferral { get; private set; }
    public bool AcceptsPractitionerReferral { get; private set; }
    public ListingState State { get; private set; }
    public string? SuspensionNote { get; private set; }
    public string? Alternative { get; private set; }
    /// <summary>Events can arrive out of order; older news never overwrites newer.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    private ReferrableService() { }

    /// <summary>A service known only by id until its first listed or updated event is applied.</summary>
    public static ReferrableService New(Guid serviceId) => new() { ServiceId = serviceId, UpdatedAt = DateTimeOffset.MinValue };

    public static ReferrableService From(ServiceListed listed)
    {
        var service = New(listed.ServiceId);
        service.Apply(listed.OrganisationId, listed.OrganisationName, listed.Name, listed.AcceptingReferrals,
            listed.AcceptsSelfReferral, listed.AcceptsPractitionerReferral, listed.OccurredAt);
        return service;
    }

    public void Apply(Guid organisationId, string organisationName, string name, ReferralAcceptance accepting,
        bool acceptsSelfReferral, bool acceptsPractitionerReferral, DateTimeOffset at)
    {
        if (at < UpdatedAt) return;
        OrganisationId = organisationId;
        OrganisationName = organisationName;
        Name = name;
        AcceptingReferrals = accepting;
        AcceptsSelfReferral = acceptsSelfReferral;
        AcceptsPractitionerReferral = acceptsPractitionerReferral;
        UpdatedAt = at;
    }

    public void Suspend(string note, string? alternative, DateTimeOffset at)
    {
        if (at < UpdatedAt) return;
        State = ListingState.Suspended;
        SuspensionNote = note;
        Alternative = alternative;
        UpdatedAt = at;
    }

    public void Reinstate(DateTimeOffset at)
    {
        if (at < UpdatedAt || State == ListingState.Removed) return;
        State = ListingState.Active;
        SuspensionNote = null;
        Alternative = null;
        UpdatedAt = at;
    }

    public void Remove(DateTimeOffset at)
    {
        State = ListingState.Removed;
        UpdatedAt = at > UpdatedAt ? at : UpdatedAt;
    }

    /// <summary>
    /// Refuses (422, with the reason) a service that is suspended, removed, closed to referrals or closed to this
    /// route. A waitlist is taken: the referral notes it.
    /// </summary>
    public void EnsureTakesReferral(bool selfReferral)
    {
        var reason = State switch
        {
            ListingState.Suspended => $"The service is suspended: {SuspensionNote}" + (Alternative is null ? "" : $" Alternative: {Alternative}"),
            ListingState.Removed => "The service has been removed from the directory.",
            _ when AcceptingReferrals == ReferralAcceptance.No => "The service is not accepting referrals at the moment.",
            _ when selfReferral && !AcceptsSelfReferral => "The service does not accept self-referrals.",
            _ when !selfReferral && !AcceptsPractitionerReferral => "The service does not accept referrals from practitioners.",
            _ => null,
        };
        if (reason is not null)
            throw new BuildingBlocks.Web.RuleViolationException(reason,
                new Dictionary<string, string[]> { ["serviceId"] = [reason] });
    }

    public void ChangeCapacity(ReferralAcceptance accepting, DateTimeOffset at)
    {
        if (at < UpdatedAt) return;
        AcceptingReferrals = accepting;
        UpdatedAt = at;
    }
}

internal sealed class ReferrableServiceConfiguration : IEntityTypeConfiguration<ReferrableService>
{
    public void Configure(EntityTypeBuilder<ReferrableService> service)
    {
        service.HasKey(s => s.ServiceId);
        service.Property(s => s.ServiceId).ValueGeneratedNever();
        service.Property(s => s.Name).HasMaxLength(200);
        service.Property(s => s.OrganisationName).HasMaxLength(200);
        service.Property(s => s.AcceptingReferrals).HasConversion<string>().HasMaxLength(20);
        service.Property(s => s.State).HasConversion<string>().HasMaxLength(20);
        service.HasIndex(s => s.OrganisationId);
    }
}
