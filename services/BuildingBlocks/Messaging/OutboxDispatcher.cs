using System.Text.Json;
using BuildingBlocks.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BuildingBlocks.Messaging;

public sealed class OutboxOptions
{
    /// <summary>Off only to prove recovery in tests: events stay in the outbox until a dispatcher runs.</summary>
    public bool DispatchEnabled { get; set; } = true;
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);
    public int BatchSize { get; set; } = 100;
}

/// <summary>
/// Publishes the service's outbox rows in order and marks each sent only after the broker confirmed it.
/// A crash between publish and mark re-sends the row with the same MessageId; consumers' inboxes drop the copy.
/// </summary>
public sealed class OutboxDispatcher<TDb>(
    IServiceScopeFactory scopes, IOptions<OutboxOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime,
    ILogger<OutboxDispatcher<TDb>> logger) : BackgroundService where TDb : ServiceDbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DispatchEnabled)
        {
            logger.LogWarning("Outbox dispatch for {Db} is disabled by configuration", typeof(TDb).Name);
            return;
        }

        // Not before every hosted service has started: the bus and its consumers' queues must exist first, or an
        // event published into an exchange with no bindings yet (in-memory bus) would be marked sent and lost.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        while (!stoppingToken.IsCancellationRequested)
        {
            int sent;
            try
            {
                sent = await DispatchBatch(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Outbox dispatch for {Db} failed; retrying", typeof(TDb).Name);
                sent = 0;
            }

            if (sent < options.Value.BatchSize)
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async Task<int> DispatchBatch(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        var bus = scope.ServiceProvider.GetRequiredService<IBus>();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var pending = await LockPending(db, options.Value.BatchSize).ToListAsync(cancellationToken);
        foreach (var message in pending)
        {
            var type = ContractTypes.Resolve(message.MessageType);
            var body = JsonSerializer.Deserialize(message.Body, type, ServiceDbContext.EventJson)!;
            try
            {
                // On RabbitMQ this completes only when the broker has confirmed the publish.
                await bus.Publish(body, type, context => context.MessageId = message.MessageId, cancellationToken);
                message.MarkSent(clock.GetUtcNow());
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                message.MarkFailed(ex.Message);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                throw;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return pending.Count;
    }

    // PostgreSQL: several replicas may run a dispatcher; SKIP LOCKED hands each row to one of them.
    // SQLite: one process owns the file and its write transaction serialises dispatchers.
    private static IQueryable<OutboxMessage> LockPending(TDb db, int batchSize) =>
        db.Database.IsNpgsql()
            ? db.Outbox.FromSqlRaw(
                "SELECT * FROM outbox_messages WHERE sent_at IS NULL ORDER BY sequence LIMIT {0} FOR UPDATE SKIP LOCKED", batchSize)
            : db.Outbox.Where(m => m.SentAt == null).OrderBy(m => m.Sequence).Take(batchSize);
}
