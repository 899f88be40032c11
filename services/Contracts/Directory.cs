namespace Contracts.Directory;

// Published by the Directory service. Versioned by adding optional members, never by changing meaning.

public enum ReferralAcceptance { Yes, No, Waitlist }

public sealed record ServiceListed(
    Guid ServiceId, Guid OrganisationId, string OrganisationName, string Name,
    ReferralAcceptance AcceptingReferrals, bool AcceptsSelfReferral, bool AcceptsPractitionerReferral,
    IReadOnlyList<string> Wards, DateTimeOffset OccurredAt, IReadOnlyList<string>? TaxonomyTerms = null, ListingSupply? Supply = null,
    ListingEssentials? Essentials = null);

public sealed record ServiceUpdated(
    Guid ServiceId, Guid OrganisationId, string OrganisationName, string Name,
    ReferralAcceptance AcceptingReferrals, bool AcceptsSelfReferral, bool AcceptsPractitionerReferral,
    IReadOnlyList<string> Wards, DateTimeOffset OccurredAt, IReadOnlyList<string>? TaxonomyTerms = null, ListingSupply? Supply = null,
    ListingEssentials? Essentials = null);

/// <summary>
/// What a person needs to get to an activity, in its provider's words, for the messages and letters sent to the person
/// referred (optional in the listing events: an older Directory sends none). <paramref name="Where"/>: the place, one
/// line, for an activity people go to; <paramref name="Cost"/>: "Free", "£3.00 (includes tea)" or the provider's words;
/// <paramref name="Phone"/> and <paramref name="Email"/>: where to ask; <paramref name="FirstVisit"/>: what to expect
/// the first time; <paramref name="WelcomedBy"/>: who will welcome them. Nothing in it is about a person.
/// </summary>
public sealed record ListingEssentials(string? Where, string? GettingThere, string? Cost, string? Phone, string? Email,
    string? FirstVisit, string? WelcomedBy);

/// <summary>
/// What a listing offers, for supply analysis (optional in the listing events: an older Directory sends none).
/// <paramref name="Accessible"/>: a place it runs at lists an accessibility feature; <paramref name="Evening"/>: a
/// session starts at 5pm or later; <paramref name="Weekend"/>: a session on a Saturday or Sunday;
/// <paramref name="Spaces"/>: places free, if the provider says; <paramref name="LastVerifiedAt"/>: when it was last
/// confirmed accurate.
/// </summary>
public sealed record ListingSupply(bool Free, bool Accessible, bool Evening, bool Weekend, int? Spaces, DateTimeOffset LastVerifiedAt);

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

/// <summary>
/// One directory search, for demand and gap analysis. Never the typed text: only the area (ward), the categories
/// (taxonomy codes) filtered on, how many results came back, whether it was a miss (nothing found, or only found by
/// loosening to any one word), and the typed words no listing holds, screened so that nothing that looks like a name,
/// phone number, email address or postcode leaves the Directory. SearchId is the search's own id: a consumer may key
/// on it, so a redelivered event never counts twice.
/// </summary>
public sealed record SearchPerformed(
    Guid SearchId, string? Ward, IReadOnlyList<string> Categories, int ResultCount, bool Miss, bool AnyWordFallback,
    IReadOnlyList<string> UnmatchedWords, DateTimeOffset OccurredAt);

/// <summary>
/// Someone told the hub that a search found nothing they wanted (the search page's "Tell the hub" after a miss). Only
/// the search's id (<see cref="SearchPerformed.SearchId"/>): insight counts the report against that search's screened
/// words and area, so nothing more is sent, and reporting the same search twice counts once.
/// </summary>
public sealed record SearchGapReported(Guid SearchId, DateTimeOffset OccurredAt);
