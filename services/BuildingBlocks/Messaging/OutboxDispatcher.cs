using System.Diagnostics;
using BuildingBlocks.Hosting;
using System.Text.Json;
using BuildingBlocks.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BuildingBlocks.Messaging;

public sealed class OutboxOptions
{
    /// <summary>Off only to prove recovery in tests: events stay in the outbox until a dispatcher runs.</summary>
    public bool DispatchEnabled { get; set; } = true;
    /// <summary>
    /// The safety net only: a commit wakes the dispatcher at once (a commit in any replica, on PostgreSQL). The poll
    /// finds what a lost wake-up or a crashed replica left behind.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>Rows claimed and published together; their broker confirms are awaited together.</summary>
    public int BatchSize { get; set; } = 100;
    /// <summary>After a failed batch (broker or database away), the pause before the next try, whatever wakes it.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>
    /// How long a publish may wait for the broker's confirm before it counts as failed and its row is tried again.
    /// Without it one confirm lost in a broker restart (RabbitMQ.Client 7.2 can leave it pending for ever) would hold
    /// the dispatcher, and every later event of the service, until the process restarts.
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(15);
    /// <summary>How often the backlog (unsent rows, age of the oldest) is measured for /metrics and readiness.</summary>
    public TimeSpan BacklogProbeInterval { get; set; } = TimeSpan.FromSeconds(15);
    /// <summary>Readiness reports Degraded once the oldest unsent row has waited longer than this.</summary>
    public TimeSpan BacklogDegradedAfter { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Publishes the service's outbox rows and marks each sent only after the broker confirmed it. Woken when a
/// transaction commits outbox rows; polls slowly for anything a wake-up missed. Each batch is claimed (a short
/// statement), published with every confirm in flight at once, and marked sent in one statement: no transaction is held
/// open while the broker answers. A crash between publish and mark re-sends those rows with the same MessageId, and
/// consumers' inboxes drop the copy.
/// </summary>
public sealed class OutboxDispatcher<TDb>(
    IServiceScopeFactory scopes, IOptions<OutboxOptions> options, CommitSignals<TDb> signals, TimeProvider clock,
    IHostApplicationLifetime lifetime, ILogger<OutboxDispatcher<TDb>> logger) : BackgroundService where TDb : ServiceDbContext
{
    // The first key of the claim's advisory locks: the outbox's own space, apart from every other advisory lock.
    private const int ClaimLockSpace = 0x0B0C;
    private readonly WakeSignal _committed = signals.For<OutboxMessage>();
    private OutboxOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Options.DispatchEnabled)
        {
            logger.LogWarning("Outbox dispatch for {Db} is disabled by configuration", typeof(TDb).Name);
            return;
        }

        // Not before every hosted service has started: the bus and its consumers' queues must exist first, or an
        // event published into an exchange with no bindings yet (in-memory bus) would be marked sent and lost.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        var listening = await PostgresNotifications.ConnectionStringAsync<TDb>(scopes) is { } connectionString
            ? OutboxNotifications.ListenAsync(connectionString, _committed, Options.RetryDelay, clock, logger, stoppingToken)
            : Task.CompletedTask;

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var published = await DispatchBatch(stoppingToken);
                if (published == Options.BatchSize) continue; // more may be waiting
                await _committed.WaitAsync(Options.PollInterval, clock, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Outbox dispatch for {Db} failed; retrying", typeof(TDb).Name);
                await Task.Delay(Options.RetryDelay, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        await listening;
    }

    /// <summary>Claims, publishes and marks one batch; returns how many were published, or throws when any failed.</summary>
    public async Task<int> DispatchBatch(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        var bus = scope.ServiceProvider.GetRequiredService<IBus>();

        // On PostgreSQL the claim lasts as long as this connection's session, so the connection stays open (outside
        // any transaction) from claim to mark. If the process dies the session ends and the rows are free again.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var batch = await Claim(db, Options.BatchSize, cancellationToken);
            if (batch.Count == 0) return 0;

            // Started together, awaited together: the broker confirms the batch as one stream, not a round trip each.
            var outcomes = await Task.WhenAll(batch.Select(message => Publish(bus, message, cancellationToken)));
            // What the broker confirmed is marked even while stopping, so a restart does not send it again: in one
            // statement for the batch, and the rare failures (their attempt and error) through the change tracker.
            var confirmed = new List<long>();
            foreach (var (message, outcome) in batch.Zip(outcomes))
            {
                if (outcome.Confirmed) confirmed.Add(message.Sequence);
                else if (outcome.Error is { } error) message.MarkFailed(error);
            }
            var now = clock.GetUtcNow();
            if (confirmed.Count > 0)
                await db.Outbox.Where(m => confirmed.Contains(m.Sequence))
                    .ExecuteUpdateAsync(set => set.SetProperty(m => m.SentAt, now), CancellationToken.None);
            if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(CancellationToken.None);

            var failed = outcomes.Count(o => o.Error is not null);
            if (failed > 0)
                throw new InvalidOperationException(
                    $"{failed} of {batch.Count} outbox messages were not published: {outcomes.First(o => o.Error is not null).Error}");
            return outcomes.Count(o => o.Confirmed);
        }
        finally
        {
            await ReleaseClaims(db);
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<PublishOutcome> Publish(IBus bus, OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var type = ContractTypes.Resolve(message.MessageType);
            var body = JsonSerializer.Deserialize(message.Body, type, ServiceDbContext.EventJson)!;
            // The publish continues the trace of the request that wrote the row: MassTransit's send span is a child
            // of this one and carries the trace to the consumers in the message headers.
            using var activity = StartPublishActivity(message, type);
            activity.TagReferral(body);
            // On RabbitMQ this completes only when the broker has confirmed the publish. MassTransit does not pass our
            // token down to the channel, so a confirm that never comes is given up on here, not cancelled there.
            await bus.Publish(body, type, context => context.MessageId = message.MessageId, cancellationToken)
                .WaitAsync(Options.PublishTimeout, clock, cancellationToken);
            return new PublishOutcome(true, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new PublishOutcome(false, null);
        }
        catch (TimeoutException)
        {
            return new PublishOutcome(false, $"the broker did not confirm it within {Options.PublishTimeout.TotalSeconds:0} s");
        }
        catch (Exception ex)
        {
            return new PublishOutcome(false, ex.Message);
        }
    }

    private static Activity? StartPublishActivity(OutboxMessage message, Type type) =>
        message.TraceParent is { } traceParent && ActivityContext.TryParse(traceParent, null, out var parent)
            ? ServiceTelemetry.Source.StartActivity($"outbox publish {type.Name}", ActivityKind.Internal, parent)
            : null;

    /// <summary>
    /// PostgreSQL: several replicas may run a dispatcher. A row is theirs while they hold its session advisory lock,
    /// taken here and released after the mark; FOR UPDATE SKIP LOCKED re-reads a row another dispatcher has just
    /// marked (so it is not sent twice) and skips one it is marking. The CTE is materialised so that the lock is
    /// tried on the candidates only. SQLite: one process owns the file and runs the one dispatcher.
    /// </summary>
    internal static Task<List<OutboxMessage>> Claim(TDb db, int batchSize, CancellationToken cancellationToken) =>
        db.Database.IsNpgsql()
            ? db.Outbox.FromSqlRaw(
                """
                WITH candidates AS MATERIALIZED (
                    SELECT * FROM outbox_messages WHERE sent_at IS NULL ORDER BY sequence LIMIT {0} FOR UPDATE SKIP LOCKED)
                SELECT * FROM candidates WHERE pg_try_advisory_lock({1}, (sequence % 2147483647)::int)
                """, batchSize, ClaimLockSpace).ToListAsync(cancellationToken)
            : db.Outbox.Where(m => m.SentAt == null).OrderBy(m => m.Sequence).Take(batchSize).ToListAsync(cancellationToken);

    // Session locks outlive a transaction and a pooled connection's return (the pool does not reset sessions:
    // DatabaseSetup.ForShortQueries), so they are released here, even when stopping. Should that fail on a connection that
    // is still alive, the pool closes it instead of lending it out with the rows still claimed.
    private async Task ReleaseClaims(TDb db)
    {
        if (!db.Database.IsNpgsql()) return;
        try
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock_all()", CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Releasing the outbox claim of {Db} failed; closing the connection instead", typeof(TDb).Name);
            NpgsqlConnection.ClearPool((NpgsqlConnection)db.Database.GetDbConnection());
        }
    }

    private sealed record PublishOutcome(bool Confirmed, string? Error);
}
