namespace Contracts.Referrals;

// Published by the Referrals service. Personal data stays in Referrals except where the person's consent
// covers it (ReferralConsentChanged carries only the contact details of the channels consented to).

/// <summary>
/// Every lifecycle transition (draft to requested, accepted, rejected, in-progress, on-hold, completed, failed, cancelled,
/// entered-in-error). ReferrerRole and ReferrerTeam say who shares the referrer's side (<c>ReferralRights</c>);
/// TellReferrerTeam says the referrer's team chose, when the referral was made, to hear its news as a whole (the
/// team's inbox, besides the referrer). Optional parameters are only ever appended, with defaults, so an older
/// event still reads.
/// </summary>
public sealed record ReferralStatusChanged(
    Guid ReferralId, Guid ServiceId, Guid ProviderOrganisationId, string ReferrerId,
    string FromStatus, string ToStatus, string? Reason, string ChangedBy,
    bool ShareOutcomesWithReferrer, DateTimeOffset OccurredAt, string? ReferrerRole = null, string? ReferrerTeam = null,
    bool TellReferrerTeam = false);

/// <summary>
/// The person's consent as it stands now, published when the referral is sent and on every change after that,
/// withdrawal (in whole or in part) included. Consumers replace what they hold with it (the newest by OccurredAt
/// wins) and forget a withdrawn channel's address. Email and Phone are present only while that channel is consented;
/// PostalAddress only while ContactByPost is: the lines of a letter's address as Referrals lays them out (the person's
/// name first, the postcode alone on the last, <see cref="PostalAddressLines.Min"/> to <see cref="PostalAddressLines.Max"/> lines).
/// </summary>
public sealed record ReferralConsentChanged(
    Guid ReferralId, bool ShareWithProvider, bool ShareOutcomesWithReferrer, bool ContactBySms, bool ContactByEmail,
    string? FirstName, string? Email, string? Phone, DateTimeOffset OccurredAt, bool ContactByPost = false,
    IReadOnlyList<string>? PostalAddress = null);

/// <summary>How many lines a letter's address in <see cref="ReferralConsentChanged.PostalAddress"/> has: its publisher lays them out to this, its consumers refuse anything else (GOV.UK Notify takes 3 to 7).</summary>
public static class PostalAddressLines
{
    public const int Min = 3;
    public const int Max = 7;
}

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

/// <summary>
/// The referral no longer identifies its person: closed long enough ago (Why = "retention") or erased on the person's
/// request (Why = "erasure"). Every service forgets what it holds about the person for this referral; counts stay.
/// </summary>
public sealed record ReferralAnonymised(Guid ReferralId, string Why, DateTimeOffset OccurredAt)
{
    public const string Retention = "retention";
    public const string Erasure = "erasure";
}
