using Microsoft.Extensions.Options;

namespace ReferralsService.Jobs;

/// <summary>A sweep over the referrals database, run in its own scope; each run is idempotent.</summary>
public interface ISweep
{
    Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>Runs a sweep every Referrals:SweepInterval. A failed run is logged and retried on the next tick.</summary>
internal sealed class PeriodicJob<TSweep>(IServiceScopeFactory scopes, IOptions<ReferralsSettings> settings, TimeProvider clock,
    ILogger<PeriodicJob<TSweep>> logger) : BackgroundService where TSweep : ISweep
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.Value.SweepInterval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var changed = await scope.ServiceProvider.GetRequiredService<TSweep>().RunAsync(clock.GetUtcNow(), stoppingToken);
                if (changed > 0) logger.LogInformation("{Sweep} changed {Count} referrals", typeof(TSweep).Name, changed);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "{Sweep} failed; retrying on the next tick", typeof(TSweep).Name);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result));
    }
}
