using BuildingBlocks.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralsService.Data;
using ReferralsService.Domain;

namespace ReferralsService.Jobs;

/// <summary>Anonymises referrals closed longer than Referrals:AnonymiseClosedAfterDays, with their message threads.</summary>
public sealed class RetentionSweep(ReferralsDb db, IOptions<ReferralsSettings> settings) : ISweep
{
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (settings.Value.AnonymiseClosedAfterDays <= 0) return 0;
        var closedBefore = now - TimeSpan.FromDays(settings.Value.AnonymiseClosedAfterDays);
        var expired = await db.Referrals
            .Where(r => r.ClosedAt != null && r.ClosedAt <= closedBefore && r.AnonymisedAt == null)
            .Take(200).ToListAsync(cancellationToken);
        await Anonymise(db, expired, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return expired.Count;
    }

    internal static async Task Anonymise(ReferralsDb db, IReadOnlyList<Referral> referrals, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = referrals.Select(r => r.Id).ToList();
        foreach (var message in await db.ReferralMessages.Where(m => ids.Contains(m.ReferralId)).ToListAsync(cancellationToken))
            message.Anonymise();
        foreach (var referral in referrals) referral.Anonymise(now);
    }
}
