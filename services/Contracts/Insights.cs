using Contracts.Directory;

namespace Contracts.Insights;

// The insight backfill: when insight first starts on an existing system, Feedback's insight module asks the other
// services, over the bus, to publish what they hold now as snapshot events (never their databases read across).
// Snapshots carry facts with the times they happened, so a consumer applying them with "earliest stage time" and
// "newest record wins" rules gets the same rows whether a live event or a snapshot of the same change arrives
// first, twice, or both. No personal data: a referral is its id, activity, referring team and stage times.

/// <summary>Insight asks every service for a snapshot; RequestId names the backfill (the same on every re-ask).</summary>
public sealed record InsightSnapshotRequested(Guid RequestId, DateTimeOffset OccurredAt);

/// <summary>
/// Part <paramref name="Batch"/> (1-based) of <paramref name="Batches"/> of the Directory's listings as they stand:
/// every listing ever published (removed ones with <see cref="ListingFacts.Removed"/>). An empty Directory sends one empty batch.
/// </summary>
public sealed record ListingsSnapshot(Guid RequestId, int Batch, int Batches, IReadOnlyList<ListingFacts> Listings, DateTimeOffset OccurredAt);

/// <summary>A listing's facts as of <paramref name="UpdatedAt"/> (its last change); the provider and supply facts are optional (an older Directory sends none).</summary>
public sealed record ListingFacts(
    Guid ServiceId, string Name, ReferralAcceptance AcceptingReferrals, IReadOnlyList<string> Wards, IReadOnlyList<string> TaxonomyTerms,
    bool Removed, DateTimeOffset UpdatedAt, string? OrganisationName = null, ListingSupply? Supply = null);

/// <summary>Part <paramref name="Batch"/> of <paramref name="Batches"/> of Referrals' sent referrals, each with its stage times.</summary>
public sealed record ReferralsSnapshot(Guid RequestId, int Batch, int Batches, IReadOnlyList<ReferralFacts> Referrals, DateTimeOffset OccurredAt);

/// <summary>A referral's path: every status it reached and when (the same times its ReferralStatusChanged events carried).</summary>
public sealed record ReferralFacts(Guid ReferralId, Guid ServiceId, string? ReferrerTeam, IReadOnlyList<ReferralStageReached> Stages);

/// <summary>One transition: the status reached (kebab case, <c>ReferralStatuses</c>) and when.</summary>
public sealed record ReferralStageReached(string Status, DateTimeOffset At);

/// <summary>
/// The wards the Directory's gazetteer knows, each with its centre (the mean of its postcodes' points): published with
/// the listings' snapshot and after a gazetteer import, so insight can lay out a ward map without boundary files.
/// </summary>
public sealed record WardCentres(IReadOnlyList<WardCentre> Wards, DateTimeOffset OccurredAt);

public sealed record WardCentre(string Code, string Name, double Latitude, double Longitude);
