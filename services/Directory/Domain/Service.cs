using Contracts.Directory;

namespace DirectoryService.Domain;

public enum ServiceStatus { PendingApproval, Active, Suspended, Removed }

public enum AttendingType { InPerson, Online, Phone }

/// <summary>
/// An activity people can be referred to or turn up at (ORUK "service"). Its rules (status changes,
/// freshness, crisis suspension) live here; handlers only load, call and save.
/// </summary>
public sealed class Service
{
    public Guid Id { get; private set; }
    public Guid OrganisationId { get; private set; }
    public Organisation Organisation { get; private set; } = null!;
    public string Name { get; private set; } = "";
    public string? Summary { get; private set; }
    public string? Description { get; private set; }
    public string? Url { get; private set; }
    public ServiceStatus Status { get; private set; }
    public AttendingType AttendingType { get; private set; }
    public Eligibility Eligibility { get; private set; } = new(null, null, null);
    public Cost Cost { get; private set; } = Cost.Free;
    public AccessMethods Access { get; private set; } = new(false, false, true);
    public Capacity Capacity { get; private set; } = new(ReferralAcceptance.Yes, null, null);
    public Contact Contact { get; private set; } = new(null, null, null);
    public List<string> Languages { get; private set; } = [];
    public List<ServiceTaxonomyTerm> Terms { get; private set; } = [];
    public List<Schedule> Schedules { get; private set; } = [];
    public List<ServiceAtLocation> Locations { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset LastVerifiedAt { get; private set; }
    public string? LastVerifiedBy { get; private set; }
    public string? SuspensionNote { get; private set; }
    public string? SuspensionAlternative { get; private set; }
    public DateTimeOffset? SuspendedAt { get; private set; }
    /// <summary>Increments on every accepted change; the version history keys on it.</summary>
    public int Version { get; private set; }

    private Service() { }

    public Service(Guid id, Organisation organisation, ServiceDetails details, ServiceStatus initialStatus, DateTimeOffset at, string by)
    {
        Id = id;
        OrganisationId = organisation.Id;
        Organisation = organisation;
        Status = initialStatus;
        CreatedAt = at;
        Apply(details, at);
        MarkVerified(at, by);
    }

    public bool IsPublished => Status is ServiceStatus.Active or ServiceStatus.Suspended;

    /// <summary>Replaces the provider-editable details (an approved edit, or a direct one by a curator).</summary>
    public ServiceDetails Details() => new(Name, Summary, Description, Url, AttendingType, Eligibility, Cost, Access, Contact,
        Languages, [.. Terms.Select(t => t.TermCode)], Schedules, [.. Locations.Select(l => l.LocationId)]);

    public void Apply(ServiceDetails details, DateTimeOffset at)
    {
        Name = details.Name.Trim();
        Summary = details.Summary;
        Description = details.Description;
        Url = details.Url;
        AttendingType = details.AttendingType;
        Eligibility = details.Eligibility;
        Cost = details.Cost;
        Access = details.Access;
        Contact = details.Contact;
        Languages = [.. details.Languages.Distinct()];
        // Keep rows that stay, so EF updates only what changed.
        var codes = details.TaxonomyTerms.Distinct().ToHashSet();
        Terms.RemoveAll(t => !codes.Contains(t.TermCode));
        Terms.AddRange(codes.Except(Terms.Select(t => t.TermCode)).Select(code => new ServiceTaxonomyTerm(Id, code)));
        var locationIds = details.LocationIds.Distinct().ToHashSet();
        Locations.RemoveAll(l => !locationIds.Contains(l.LocationId));
        Locations.AddRange(locationIds.Except(Locations.Select(l => l.LocationId)).Select(id => new ServiceAtLocation(Guid.CreateVersion7(), Id, id)));
        Schedules = [.. details.Schedules];
        UpdatedAt = at;
        Version++;
    }

    public void Approve(DateTimeOffset at)
    {
        if (Status != ServiceStatus.PendingApproval) return;
        Status = ServiceStatus.Active;
        UpdatedAt = at;
    }

    /// <summary>"Still accurate": the provider or a curator confirms the listing.</summary>
    public void MarkVerified(DateTimeOffset at, string by)
    {
        LastVerifiedAt = at;
        LastVerifiedBy = by;
    }

    public bool IsStale(DateTimeOffset now, TimeSpan verifyEvery) => now - LastVerifiedAt > verifyEvery;

    public bool ChangeCapacity(Capacity capacity, DateTimeOffset at)
    {
        if (capacity == Capacity) return false;
        Capacity = capacity;
        UpdatedAt = at;
        return true;
    }

    public bool Suspend(string publicNote, string? alternative, DateTimeOffset at)
    {
        if (Status != ServiceStatus.Active) return false;
        Status = ServiceStatus.Suspended;
        SuspensionNote = publicNote;
        SuspensionAlternative = alternative;
        SuspendedAt = at;
        UpdatedAt = at;
        return true;
    }

    public bool Reinstate(DateTimeOffset at)
    {
        if (Status != ServiceStatus.Suspended) return false;
        Status = ServiceStatus.Active;
        SuspensionNote = null;
        SuspensionAlternative = null;
        SuspendedAt = null;
        UpdatedAt = at;
        return true;
    }

    public bool Remove(DateTimeOffset at)
    {
        if (Status == ServiceStatus.Removed) return false;
        Status = ServiceStatus.Removed;
        UpdatedAt = at;
        return true;
    }

    public IReadOnlyList<string> Wards(IEnumerable<Location> locations) =>
        [.. locations.Where(l => Locations.Any(sl => sl.LocationId == l.Id) && l.Ward is not null).Select(l => l.Ward!).Distinct()];

    public ServiceListed Listed(IReadOnlyList<string> wards, DateTimeOffset at) => new(Id, OrganisationId, Organisation.Name, Name,
        Capacity.AcceptingReferrals, Access.SelfReferral, Access.PractitionerReferral, wards, at);

    public ServiceUpdated Updated(IReadOnlyList<string> wards, DateTimeOffset at) => new(Id, OrganisationId, Organisation.Name, Name,
        Capacity.AcceptingReferrals, Access.SelfReferral, Access.PractitionerReferral, wards, at);
}

/// <summary>Everything a provider can edit about an activity, as one value: proposed edits are stored as this.</summary>
public sealed record ServiceDetails(
    string Name, string? Summary, string? Description, string? Url, AttendingType AttendingType,
    Eligibility Eligibility, Cost Cost, AccessMethods Access, Contact Contact,
    IReadOnlyList<string> Languages, IReadOnlyList<string> TaxonomyTerms, IReadOnlyList<Schedule> Schedules,
    IReadOnlyList<Guid> LocationIds);

public sealed record Eligibility(int? MinimumAge, int? MaximumAge, string? Description);

public sealed record Cost(bool IsFree, decimal? Amount, string? Currency, string? Description)
{
    public static readonly Cost Free = new(true, null, "GBP", "Free");
}

public sealed record AccessMethods(bool DropIn, bool SelfReferral, bool PractitionerReferral);

public sealed record Capacity(ReferralAcceptance AcceptingReferrals, int? Spaces, int? TypicalResponseDays);

public sealed record Contact(string? Name, string? Email, string? Phone);

public sealed record ServiceTaxonomyTerm(Guid ServiceId, string TermCode);

public sealed record ServiceAtLocation(Guid Id, Guid ServiceId, Guid LocationId);
