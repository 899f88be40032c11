using BuildingBlocks.Auth;
using BuildingBlocks.Persistence;
using BuildingBlocks.Web;
using FeedbackService.Domain;
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

    /// <summary>Records a read of a referral's attendance or outcomes (personal data) in the audit log.</summary>
    public static void Audit(this FeedbackDb db, CurrentUser user, string action, Referral referral, DateTimeOffset at) =>
        db.AuditLog.Add(new AuditEntry(referral.Id, user, action,
            referral.IsProviderStaff(user) ? "receiving provider" : "referrer side follow-up (consented)", at));

    /// <summary>The activity's name for a message; a neutral phrase if Directory's event has not arrived yet.</summary>
    public static async Task<string> ActivityName(this FeedbackDb db, Guid serviceId, CancellationToken cancellationToken) =>
        await db.Activities.AsNoTracking().Where(a => a.ServiceId == serviceId).Select(a => a.Name).SingleOrDefaultAsync(cancellationToken)
        is { Length: > 0 } name ? name : "the activity";
}
