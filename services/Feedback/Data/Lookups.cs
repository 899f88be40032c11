using BuildingBlocks.Auth;
using BuildingBlocks.Persistence;
using BuildingBlocks.Web;
using FeedbackService.Domain;
using FeedbackService.Notifications;
using Microsoft.EntityFrameworkCore;

namespace FeedbackService.Data;

internal static class Lookups
{
    /// <summary>The referral as Feedback knows it, or 404 (also while Referrals' first event is still on its way).</summary>
    public static async Task<Referral> GetReferral(this FeedbackDb db, Guid referralId, CancellationToken cancellationToken) =>
        await db.Referrals.FindAsync([referralId], cancellationToken) ?? throw new NotFoundException("Referral", referralId);

    /// <summary>Status and consent events both create the read model's referral if it is new, whichever arrives first.</summary>
    public static async Task<Referral> FindOrAddReferral(this FeedbackDb db, Guid referralId, CancellationToken cancellationToken) =>
        await db.FindOrAddAsync(referralId, id => new Referral(id), cancellationToken);

    /// <summary>The read model's referrals of a batch of events, each found or added under its lock (<see cref="FindOrAddReferral"/>).</summary>
    public static Task<Dictionary<Guid, Referral>> FindOrAddReferrals(this FeedbackDb db, IEnumerable<Guid> referralIds, CancellationToken cancellationToken) =>
        db.FindOrAddAllAsync(referralIds, id => new Referral(id), cancellationToken);

    /// <summary>Records a read of a referral's attendance or outcomes (personal data) in the audit log.</summary>
    public static void Audit(this FeedbackDb db, CurrentUser user, string action, Referral referral, DateTimeOffset at) =>
        db.AuditLog.Add(new AuditEntry(referral.Id, user, action,
            referral.IsProviderStaff(user) ? "receiving provider" : "referrer side follow-up (consented)", at));

    /// <summary>The activity's name for a message; a neutral phrase if Directory's event has not arrived yet.</summary>
    public static async Task<string> ActivityName(this FeedbackDb db, Guid serviceId, CancellationToken cancellationToken) =>
        await db.Activities.AsNoTracking().Where(a => a.ServiceId == serviceId).Select(a => a.Name).SingleOrDefaultAsync(cancellationToken)
        is { Length: > 0 } name ? name : NoActivityName;

    /// <summary>
    /// An activity as a message to the person referred names it: its name (<see cref="ActivityName"/>) and what they
    /// need to get there, where Directory has said (<see cref="Activity.Essentials"/>); every id asked for has an entry.
    /// </summary>
    public static async Task<Dictionary<Guid, ActivityForPerson>> ActivitiesForPeople(this FeedbackDb db, IEnumerable<Guid> serviceIds,
        CancellationToken cancellationToken)
    {
        var ids = serviceIds.Distinct().ToList();
        var known = await db.Activities.AsNoTracking().Where(a => ids.Contains(a.ServiceId)).ToDictionaryAsync(a => a.ServiceId, cancellationToken);
        return ids.ToDictionary(id => id, id => known.GetValueOrDefault(id) is { Name.Length: > 0 } activity
            ? new ActivityForPerson(activity.Name, activity.Essentials)
            : new ActivityForPerson(NoActivityName, null));
    }

    private const string NoActivityName = "the activity";
}
