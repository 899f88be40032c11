using BuildingBlocks.Hosting;
using Contracts.Directory;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Features.Services;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Crisis;

/// <summary>
/// Automatic reinstatement (<see cref="PeriodicJob{TSweep}"/>, on the injected clock): crises whose planned end has come
/// are ended, and every listing suspended until then (by a crisis or its provider's closure notice) is reinstated, with
/// a history entry and one ServiceReinstated each. Idempotent and restart-safe: the state is the database's, a
/// listing already reinstated is not due any more, and two replicas sweeping at once collide on the listing's version
/// (the loser leaves it to the winner).
/// </summary>
public sealed class CrisisEndSweep(DirectoryDb db) : ISweep
{
    public const string By = "Automatic: planned end reached";
    private const int Batch = 200;

    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var changed = 0;
        try
        {
            var ending = await db.Crises.Where(c => c.EndedAt == null && c.PlannedEnd != null && c.PlannedEnd <= now).ToListAsync(cancellationToken);
            var ended = false;
            foreach (var crisis in ending) ended |= crisis.End(now, By);
            if (ended) await db.SaveChangesAsync(cancellationToken);
            while (true)
            {
                db.ChangeTracker.Clear();
                var due = await db.Services.Include(s => s.Organisation)
                    .Where(s => s.Status == ServiceStatus.Suspended && s.SuspendedUntil != null && s.SuspendedUntil <= now)
                    .OrderBy(s => s.SuspendedUntil).Take(Batch).ToListAsync(cancellationToken);
                foreach (var service in due.Where(s => s.IsDueForReinstatement(now) && s.Reinstate(now)))
                {
                    ListingRecords.AddVersion(db, service, By, "Reinstated: the planned end of its suspension was reached", now);
                    db.Publish(new ServiceReinstated(service.Id, now), now);
                    changed++;
                }
                await db.SaveChangesAsync(cancellationToken);
                if (due.Count < Batch) return changed;
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another replica (or a curator) changed one of these listings meanwhile: the next tick sees what is left.
            db.ChangeTracker.Clear();
            return changed;
        }
    }
}

/// <summary>Directory:Crisis:SweepSeconds (default 60): how often planned ends are looked for.</summary>
public static class CrisisSettings
{
    public static TimeSpan SweepInterval(IConfiguration configuration) =>
        TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Directory:Crisis:SweepSeconds", 60)));
}
