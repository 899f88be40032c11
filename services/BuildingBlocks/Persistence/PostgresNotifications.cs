using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BuildingBlocks.Persistence;

/// <summary>
/// PostgreSQL's LISTEN/NOTIFY as the one way a service learns that another replica (or this one) committed rows it
/// waits for: a trigger NOTIFYs in the inserting transaction, so the notification goes out with the commit, never
/// before it and never without it.
/// </summary>
public static class PostgresNotifications
{
    /// <summary>
    /// Creates (or replaces) a trigger function and trigger; idempotent, run after the migrations on every start. The
    /// lock keeps replicas that start at the same time from replacing the function under each other.
    /// </summary>
    public static async Task InstallTriggerAsync(DbContext db, string channel, string triggerSql, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql()) return;
        await ReplicaLock.RunAsync(db, channel, () => db.Database.ExecuteSqlRawAsync(triggerSql, cancellationToken), cancellationToken);
    }

    /// <summary>The connection string <typeparamref name="TDb"/> uses when it is on PostgreSQL; null on SQLite (nothing to listen to).</summary>
    public static async Task<string?> ConnectionStringAsync<TDb>(IServiceScopeFactory scopes) where TDb : DbContext
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        return db.Database.IsNpgsql() ? db.Database.GetConnectionString() : null;
    }

    /// <summary>
    /// Listens on <paramref name="channel"/> until stopped, handing each notification's payload to
    /// <paramref name="notified"/>, and calling <paramref name="connected"/> after every (re)connect, for what was
    /// committed while nobody listened. A lost connection is retried; the listener's own poll covers the gap.
    /// </summary>
    public static async Task ListenAsync(string connectionString, string channel, Action<string> notified, Action connected,
        TimeSpan retryDelay, TimeProvider clock, ILogger logger, CancellationToken stoppingToken)
    {
        // Its own connection for as long as the process runs: not from the pool, and with keepalives so that a
        // silently dropped connection is noticed.
        var listenerConnection = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 30 }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(listenerConnection);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => notified(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                connected();
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Listening on {Channel} failed; polling covers the gap until it reconnects", channel);
                await Task.Delay(retryDelay, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
