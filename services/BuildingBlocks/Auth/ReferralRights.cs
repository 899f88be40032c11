using BuildingBlocks.Web;

namespace BuildingBlocks.Auth;

/// <summary>
/// Who has a right to a referral, decided once for every service: the referrer and the practitioners of the
/// referrer's team share the referrer's side; the receiving organisation's provider staff have the other side.
/// Anyone else (curators and admins included: they see aggregates) is refused exactly as if the referral did not
/// exist, so a refusal never confirms that an id is real.
/// </summary>
public static class ReferralRights
{
    /// <param name="referrerRole">The referrer's role when the referral was made; null when the service does not know it.</param>
    public static bool IsReferrerSide(this CurrentUser user, string referrerId, string? referrerRole, string? referrerTeam) =>
        (user.Id == referrerId && (referrerRole is null || user.Role == referrerRole))
        || user.IsTeamMember(referrerTeam);

    /// <summary>
    /// A practitioner of this team: they share its referrals (above) and read its inbox (Feedback). The one rule for
    /// what a team claim entitles to, so the two can never disagree.
    /// </summary>
    public static bool IsTeamMember(this CurrentUser user, string? team) =>
        user.Is(Roles.Practitioner) && team is not null && user.Team == team;

    public static bool IsReceivingProvider(this CurrentUser user, Guid providerOrganisationId) => user.IsStaffOf(providerOrganisationId);

    /// <summary>The one answer to a caller with no right to a referral: the same 404 as for an unknown id.</summary>
    public static NotFoundException NoRight(Guid referralId) => new("Referral", referralId);
}
