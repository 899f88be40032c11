using System.Linq.Expressions;
using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using Microsoft.EntityFrameworkCore;
using ReferralsService.Data;
using ReferralsService.Domain;

namespace ReferralsService.Features;

internal static class ReferralAccess
{
    /// <summary>
    /// Loads a referral for someone with a side in it; anyone else, curators and admins included, gets the same 404
    /// as for an unknown id (<see cref="ReferralRights"/>).
    /// </summary>
    public static async Task<(Referral Referral, ReferralParty Party)> LoadFor(
        this ReferralsDb db, Guid id, CurrentUser user, CancellationToken cancellationToken)
    {
        var referral = await db.Referrals.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (referral?.PartyOf(user) is not { } party) throw ReferralRights.NoRight(id);
        return (referral, party);
    }

    /// <summary>
    /// Referrals on the caller's referrer side (their own, and their team's for a practitioner): the same rule as
    /// <see cref="ReferralRights.IsReferrerSide"/>, as a query.
    /// </summary>
    public static Expression<Func<Referral, bool>> OnReferrerSideOf(CurrentUser user)
    {
        var team = user.Is(Roles.Practitioner) ? user.Team : null;
        return r => (r.ReferrerId == user.Id && r.ReferrerRole == user.Role) || (team != null && r.ReferrerTeam == team);
    }

    /// <summary>
    /// Refuses (409, linking the existing one) a second open referral of the same person to the same service, looking
    /// only at referrals the caller already has a right to: a duplicate check must not tell a stranger that someone
    /// has been referred. The receiving provider sees duplicates across referrers (<see cref="GetReferral"/>).
    /// </summary>
    public static async Task EnsureNoOpenDuplicate(this ReferralsDb db, CurrentUser user, Guid serviceId, Person person, Guid? except,
        CancellationToken cancellationToken)
    {
        var key = PersonMatch.NameKey(person.GivenName, person.FamilyName, person.DateOfBirth);
        var nhs = person.NhsNumber;
        var open = Lifecycle.OpenStatuses.ToList();
        var existing = await db.Referrals
            .Where(OnReferrerSideOf(user))
            .Where(r => r.ServiceId == serviceId && open.Contains(r.Status) && r.Id != except
                        && (r.NameKey == key || (nhs != null && r.Person.NhsNumber == nhs)))
            .Select(r => (Guid?)r.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (existing is { } id)
            throw new ConflictException("You (or your team) already have an open referral for this person to this service.",
                new Dictionary<string, object?> { ["existingReferralId"] = id, ["existingReferral"] = $"/api/referrals/{id}" });
    }

    public static string DisplayName(this Person person) => $"{person.GivenName} {person.FamilyName}";
}
