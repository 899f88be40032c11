namespace Contracts.Directory;

// Published by the Directory service. Versioned by adding optional members, never by changing meaning.

public enum ReferralAcceptance { Yes, No, Waitlist }

public sealed record ServiceListed(
    Guid ServiceId, Guid OrganisationId, string OrganisationName, string Name,
    ReferralAcceptance AcceptingReferrals, bool AcceptsSelfReferral, bool AcceptsPractitionerReferral,
    IReadOnlyList<string> Wards, DateTimeOffset OccurredAt);

public sealed record ServiceUpdated(
    Guid ServiceId, Guid OrganisationId, string OrganisationName, string Name,
    ReferralAcceptance AcceptingReferrals, bool AcceptsSelfReferral, bool AcceptsPractitionerReferral,
    IReadOnlyList<string> Wards, DateTimeOffset OccurredAt);

public sealed record ServiceSuspended(Guid ServiceId, string PublicNote, string? Alternative, DateTimeOffset OccurredAt);

public sealed record ServiceReinstated(Guid ServiceId, DateTimeOffset OccurredAt);

public sealed record ServiceRemoved(Guid ServiceId, DateTimeOffset OccurredAt);

public sealed record ServiceCapacityChanged(
    Guid ServiceId, ReferralAcceptance AcceptingReferrals, int? Spaces, int? TypicalResponseDays, DateTimeOffset OccurredAt);

/// <summary>
/// A published listing is due for its provider to confirm it is still accurate (or is already stale). Published at
/// most once per verification period per listing, so Feedback can prompt the provider and the curators.
/// </summary>
public sealed record ListingVerificationDue(
    Guid ServiceId, Guid OrganisationId, string Name, DateTimeOffset LastVerifiedAt, DateTimeOffset DueBy, bool IsStale,
    DateTimeOffset OccurredAt);
