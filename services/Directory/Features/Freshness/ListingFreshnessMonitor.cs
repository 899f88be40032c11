using BuildingBlocks.Hosting;
using DirectoryService.Data;
using DirectoryService.Domain;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Freshness;

/// <summary>
/// Run daily (<see cref="PeriodicJob{TSweep}"/>): finds published listings due for confirmation and publishes
/// ListingVerificationDue for each (at most once per verification period per listing), so Feedback can prompt the
/// provider and the curators.
/// </summary>
public sealed class ListingFreshnessMonitor(DirectoryDb db, FreshnessSettings settings) : ISweep
{
    private const int Batch = 500;

    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var dueSince = now - (settings.VerifyEvery - settings.RemindBefore);
        var prompted = 0;
        while (true)
        {
            db.ChangeTracker.Clear();
            // Candidates by the indexed (status, last verified) pair; the once-per-period rule is the domain's.
            var candidates = await db.Services.AsNoTracking()
                .Where(s => (s.Status == ServiceStatus.Active || s.Status == ServiceStatus.Suspended) && s.LastVerifiedAt <= dueSince)
                .Where(s => s.VerificationPromptedAt == null || s.VerificationPromptedAt < s.LastVerifiedAt
                            || s.VerificationPromptedAt <= now - settings.VerifyEvery)
                .OrderBy(s => s.LastVerifiedAt).Take(Batch).ToListAsync(cancellationToken);
            var due = candidates.Where(s => s.NeedsVerificationPrompt(now, settings.VerifyEvery, settings.RemindBefore)).ToList();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var claimed = 0;
            foreach (var service in due)
            {
                // Claim the prompt with a conditional update, so two replicas sweeping at once prompt only once.
                var before = service.VerificationPromptedAt;
                var prompt = service.PromptVerification(now, settings.VerifyEvery);
                var updated = await db.Services.Where(s => s.Id == service.Id && s.VerificationPromptedAt == before)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.VerificationPromptedAt, now), cancellationToken);
                if (updated == 0) continue;
                db.Publish(prompt, now);
                claimed++;
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            prompted += claimed;
            if (candidates.Count < Batch || due.Count == 0) return prompted;
        }
    }
}
