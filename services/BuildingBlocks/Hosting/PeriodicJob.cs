using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BuildingBlocks.Hosting;

/// <summary>A sweep over a service's database, run in its own scope; each run must be idempotent (replicas may overlap).</summary>
public interface ISweep
{
    /// <returns>How many things it changed, for the log.</returns>
    Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>How often a sweep runs, and whether it runs in this process at all.</summary>
public sealed record SweepSchedule<TSweep>(TimeSpan Interval, bool Enabled = true) where TSweep : ISweep;

/// <summary>
/// The one way a service runs something on a timer: the sweep at once on start, then every interval; a failed run is
/// logged and tried again on the next tick.
/// </summary>
public sealed class PeriodicJob<TSweep>(IServiceScopeFactory scopes, SweepSchedule<TSweep> schedule, TimeProvider clock,
    ILogger<PeriodicJob<TSweep>> logger) : BackgroundService where TSweep : ISweep
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!schedule.Enabled) return;
        using var timer = new PeriodicTimer(schedule.Interval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var changed = await scope.ServiceProvider.GetRequiredService<TSweep>().RunAsync(clock.GetUtcNow(), stoppingToken);
                if (changed > 0 && logger.IsEnabled(LogLevel.Information)) logger.LogInformation("{Sweep} changed {Count} rows", typeof(TSweep).Name, changed);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "{Sweep} failed; retrying on the next tick", typeof(TSweep).Name);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result));
    }
}

public static class PeriodicJobs
{
    /// <summary>Registers the sweep (scoped, so tests and endpoints can run it on demand) and its periodic job.</summary>
    public static IServiceCollection AddSweep<TSweep>(this IServiceCollection services, Func<IServiceProvider, SweepSchedule<TSweep>> schedule)
        where TSweep : class, ISweep
    {
        services.AddScoped<TSweep>();
        services.AddSingleton(schedule);
        services.AddHostedService<PeriodicJob<TSweep>>();
        return services;
    }
}
