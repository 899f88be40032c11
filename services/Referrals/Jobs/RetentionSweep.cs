using BuildingBlocks.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralsService.Data;
using ReferralsService.Domain;
using ReferralsService.Features.Settings;

namespace ReferralsService.Jobs;

/// <summary>
/// Anonymises referrals closed longer than the retention period in force (an admin's setting, else
/// Referrals:AnonymiseClosedAfterDays), with their message threads.
/// </summary>
public sealed class RetentionSweep(ReferralsDb db, IOptions<ReferralsSettings> settings) : ISweep
{
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var days = await RetentionSettings.EffectiveDaysAsync(db, settings.Value, cancellationToken);
        if (days <= 0) return 0;
        var closedBefore = now - TimeSpan.FromDays(days);
        var expired = await db.Referrals
            .Where(r => r.ClosedAt != null && r.ClosedAt <= closedBefore && r.AnonymisedAt == null)
            .Take(200).ToListAsync(cancellationToken);
        await Anonymise(db, expired, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return expired.Count;
    }

    internal static async Task Anonymise(ReferralsDb db, IReadOnlyList<Referral> referrals, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var referral in referrals)
        {
            referral.Anonymise(now);
            db.Publish(referral.TakeEvents(), now);
        }
        await AnonymiseMessages(db, referrals, cancellationToken);
    }

    /// <summary>The message threads are about the person, so they go with the person.</summary>
    internal static async Task AnonymiseMessages(ReferralsDb db, IReadOnlyList<Referral> referrals, CancellationToken cancellationToken)
    {
        var ids = referrals.Select(r => r.Id).ToList();
        foreach (var message in await db.ReferralMessages.Where(m => ids.Contains(m.ReferralId)).ToListAsync(cancellationToken))
            message.Anonymise();
    }
}
