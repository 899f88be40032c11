using BuildingBlocks.Hosting;
using DirectoryService.Data;
using DirectoryService.Features.OpenReferral;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Imports;

/// <summary>
/// Run every minute (<see cref="PeriodicJob{TSweep}"/>): imports each scheduled feed that is due, one at a time, and
/// keeps each run's report. A run is claimed by moving the feed's next run on with a conditional update, so two
/// replicas never import the same feed at once; a failed run is recorded and tried again an interval later.
/// </summary>
public sealed class ScheduledImports(DirectoryDb db, IServiceScopeFactory scopes) : ISweep
{
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = await db.Set<ScheduledFeed>().AsNoTracking().Where(f => f.Enabled && f.NextRunAt <= now)
            .OrderBy(f => f.NextRunAt).Take(20).ToListAsync(cancellationToken);
        var ran = 0;
        foreach (var feed in due)
        {
            var claimedNext = now.AddMinutes(feed.IntervalMinutes);
            var claimed = await db.Set<ScheduledFeed>().Where(f => f.Id == feed.Id && f.NextRunAt == feed.NextRunAt)
                .ExecuteUpdateAsync(f => f.SetProperty(x => x.NextRunAt, claimedNext).SetProperty(x => x.LastRunAt, now), cancellationToken);
            if (claimed == 0) continue;
            await RunOneAsync(feed, cancellationToken);
            ran++;
        }
        return ran;
    }

    /// <summary>Each feed in a scope of its own, so one feed's failure leaves nothing staged for the next.</summary>
    private async Task RunOneAsync(ScheduledFeed feed, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        string outcome;
        string? error = null;
        try
        {
            var report = await services.GetRequiredService<ImportRecorder>().RunAsync(feed.Id, feed.Url,
                () => ImportFeed.ReadAsync(feed.Url, null, feed.Publisher, services.GetRequiredService<IHttpClientFactory>(), cancellationToken),
                cancellationToken);
            outcome = report.Problems.Count > 0 ? ImportRun.Incomplete : ImportRun.Succeeded;
            if (report.Problems.Count > 0) error = string.Join(" ", report.Problems);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            outcome = ImportRun.Failed;
            error = e.Message;
        }
        var db2 = services.GetRequiredService<DirectoryDb>();
        db2.ChangeTracker.Clear();
        var saved = await db2.Set<ScheduledFeed>().SingleOrDefaultAsync(f => f.Id == feed.Id, cancellationToken);
        if (saved is null) return;
        saved.Finished(outcome, error);
        await db2.SaveChangesAsync(cancellationToken);
    }
}
