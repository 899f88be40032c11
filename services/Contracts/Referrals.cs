namespace Contracts.Referrals;

// Published by the Referrals service on every lifecycle transition. Personal data stays in Referrals:
// events carry ids and the minimum routing data other services need.

public sealed record ReferralStatusChanged(
    Guid ReferralId, Guid ServiceId, Guid ProviderOrganisationId, string ReferrerId,
    string FromStatus, string ToStatus, string? Reason, string ChangedBy,
    bool ShareOutcomesWithReferrer, DateTimeOffset OccurredAt);
