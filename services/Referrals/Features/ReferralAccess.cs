using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using Microsoft.EntityFrameworkCore;
using ReferralsService.Data;
using ReferralsService.Domain;

namespace ReferralsService.Features;

internal static class ReferralAccess
{
    /// <summary>
    /// Loads a referral for someone with a side in it. Curators and admins get 403 (aggregates only); anyone else
    /// without a right gets 404, so that a referral's existence is not revealed to strangers.
    /// </summary>
    public static async Task<(Referral Referral, ReferralParty Party)> LoadFor(
        this ReferralsDb db, Guid id, CurrentUser user, CancellationToken cancellationToken)
    {
        if (user.Is(Roles.Curator) || user.Is(Roles.Admin))
            throw new ForbiddenException("Curators and admins see referral statistics, not individual referrals.");
        var referral = await db.Referrals.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (referral?.PartyOf(user) is not { } party) throw new NotFoundException("Referral", id);
        return (referral, party);
    }

    /// <summary>Refuses (409, linking the existing one) a second open referral of the same person to the same service.</summary>
    public static async Task EnsureNoOpenDuplicate(this ReferralsDb db, Guid serviceId, Person person, Guid? except,
        CancellationToken cancellationToken)
    {
        var key = PersonMatch.NameKey(person.GivenName, person.FamilyName, person.DateOfBirth);
        var nhs = person.NhsNumber;
        var open = Lifecycle.OpenStatuses.ToList();
        var existing = await db.Referrals
            .Where(r => r.ServiceId == serviceId && open.Contains(r.Status) && r.Id != except
                        && (r.NameKey == key || (nhs != null && r.Person.NhsNumber == nhs)))
            .Select(r => (Guid?)r.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (existing is { } id)
            throw new ConflictException("This person already has an open referral to this service.",
                new Dictionary<string, object?> { ["existingReferralId"] = id, ["existingReferral"] = $"/api/referrals/{id}" });
    }

    public static string DisplayName(this Person person) => $"{person.GivenName} {person.FamilyName}";
}
