namespace Contracts.Referrals;

// Published by the Referrals service. Personal data stays in Referrals except where the person's consent
// covers it (ReferralContactConsented carries only what the consented channel needs).

/// <summary>Every lifecycle transition (draft to requested, accepted, rejected, in-progress, on-hold, completed, failed, cancelled, entered-in-error).</summary>
public sealed record ReferralStatusChanged(
    Guid ReferralId, Guid ServiceId, Guid ProviderOrganisationId, string ReferrerId,
    string FromStatus, string ToStatus, string? Reason, string ChangedBy,
    bool ShareOutcomesWithReferrer, DateTimeOffset OccurredAt);

/// <summary>The person agreed to be contacted on this channel ("sms" or "email") about this referral.</summary>
public sealed record ReferralContactConsented(
    Guid ReferralId, string FirstName, string Channel, string? Email, string? Phone, DateTimeOffset OccurredAt);

/// <summary>Still requested with no provider answer as the deadline nears (reminder to the provider).</summary>
public sealed record ReferralResponseDue(
    Guid ReferralId, Guid ServiceId, Guid ProviderOrganisationId, DateTimeOffset DueAt, DateTimeOffset OccurredAt);

/// <summary>Still requested past the deadline: the referrer and the curators are told.</summary>
public sealed record ReferralEscalated(
    Guid ReferralId, Guid ServiceId, Guid ProviderOrganisationId, string ReferrerId, int DaysWaiting, DateTimeOffset OccurredAt);

/// <summary>The service an open referral points at was suspended or removed.</summary>
public sealed record ReferralServiceUnavailable(
    Guid ReferralId, Guid ServiceId, string ReferrerId, string Note, string? Alternative, DateTimeOffset OccurredAt);

/// <summary>A message in the referral's thread between referrer and provider.</summary>
public sealed record ReferralMessagePosted(
    Guid ReferralId, Guid ServiceId, Guid ProviderOrganisationId, string ReferrerId, string FromRole, DateTimeOffset OccurredAt);
