using BuildingBlocks.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralsService.Data;
using ReferralsService.Domain;

namespace ReferralsService.Jobs;

/// <summary>
/// Requested referrals near or past their response deadline: the provider is reminded once (ReferralResponseDue),
/// then the referrer and curators are told once (ReferralEscalated). The flags on the referral make reruns no-ops,
/// and its concurrency token stops two replicas from both sending.
/// </summary>
public sealed class DeadlineSweep(ReferralsDb db, IOptions<ReferralsSettings> settings) : ISweep
{
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var remindFrom = now + settings.Value.ReminderBefore;
        var due = await db.Referrals
            .Where(r => r.Status == ReferralStatus.Requested && r.ResponseDueAt <= remindFrom
                        && (r.ReminderSentAt == null || (r.EscalatedAt == null && r.ResponseDueAt <= now)))
            .OrderBy(r => r.ResponseDueAt).Take(200)
            .ToListAsync(cancellationToken);
        foreach (var referral in due)
        {
            referral.CheckDeadline(now, settings.Value.ReminderBefore);
            db.Publish(referral.TakeEvents(), now);
        }
        await db.SaveChangesAsync(cancellationToken);
        return due.Count;
    }
}
