using Contracts.Feedback;
using FeedbackService.Data;
using FeedbackService.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FeedbackService.Notifications;

/// <summary>
/// Sends committed notification rows through their channel adapter. A row is claimed (leased) in a short
/// transaction, sent outside it, and marked sent straight after the send; failures are retried with exponential
/// backoff and, when permanent or out of attempts, kept as "failed" for admins to see. A crash between send and
/// mark can repeat that one send after the lease runs out: the only window left, and webhook receivers get the
/// notification id (X-Webhook-Id) to drop such a repeat.
/// </summary>
public sealed class DeliveryWorker(IServiceScopeFactory scopes, IOptions<FeedbackOptions> options, TimeProvider clock,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private DeliveryOptions Delivery => options.Value.Delivery;
    private RetryPolicy Policy => new(Delivery.MaxAttempts, Delivery.BaseDelay, Delivery.MaxDelay);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Delivery.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                handled = await DeliverBatch(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Notification delivery batch failed; retrying");
            }
            if (handled < Delivery.BatchSize)
                await Task.Delay(Delivery.PollInterval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async Task<int> DeliverBatch(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedbackDb>();
        var channels = scope.ServiceProvider.GetServices<INotificationChannel>().ToList();

        var claimed = await Claim(db, cancellationToken);
        // Digest rows due together for one address go out as one message; everything else one by one.
        foreach (var group in claimed.GroupBy(n => n.Digest ? $"{n.Recipient}|{n.Channel}|{n.Address}" : n.Id.ToString()))
        {
            var rows = group.ToList();
            var message = rows.Count == 1 ? OutgoingMessage.From(rows[0]) : Combine(rows);
            var now = clock.GetUtcNow();
            try
            {
                var adapter = channels.FirstOrDefault(c => c.Handles(message.Channel))
                              ?? throw new DeliveryFailedException($"No adapter handles the {message.Channel} channel.", permanent: true);
                await adapter.SendAsync(message, cancellationToken);
                foreach (var row in rows)
                {
                    row.MarkSent(clock.GetUtcNow());
                    db.Publish(new NotificationDelivered(row.Id, row.Channel, row.Recipient, clock.GetUtcNow()), clock.GetUtcNow());
                }
            }
            catch (DeliveryFailedException ex)
            {
                foreach (var row in rows) row.MarkAttemptFailed(ex.Message, ex.Permanent, now, Policy);
                logger.LogWarning("Notification {Id} on {Channel} failed (attempt {Attempt}, permanent {Permanent}): {Error}",
                    message.Id, message.Channel, rows[0].Attempts, ex.Permanent, ex.Message);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                foreach (var row in rows) row.MarkAttemptFailed($"{ex.GetType().Name}: {ex.Message}", false, now, Policy);
                logger.LogWarning(ex, "Notification {Id} on {Channel} failed unexpectedly", message.Id, message.Channel);
            }
            await db.SaveChangesAsync(CancellationToken.None);
        }
        return claimed.Count;
    }

    private async Task<List<Notification>> Claim(FeedbackDb db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // PostgreSQL: replicas each take different rows (SKIP LOCKED); SQLite: one process owns the file.
        var due = db.Database.IsNpgsql()
            ? db.Notifications.FromSqlRaw(
                "SELECT * FROM notifications WHERE status = 'pending' AND next_attempt_at <= {0} " +
                "AND (locked_until IS NULL OR locked_until < {0}) ORDER BY next_attempt_at LIMIT {1} FOR UPDATE SKIP LOCKED",
                now, Delivery.BatchSize)
            : db.Notifications.Where(n => n.Status == DeliveryStatus.Pending && n.NextAttemptAt <= now
                                          && (n.LockedUntil == null || n.LockedUntil < now))
                .OrderBy(n => n.NextAttemptAt).Take(Delivery.BatchSize);
        var rows = await due.ToListAsync(cancellationToken);
        foreach (var row in rows) row.Claim(now + Lease);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows;
    }

    private static OutgoingMessage Combine(List<Notification> rows) => new(
        rows[0].Id, rows[0].Channel, rows[0].Recipient, rows[0].Address, "daily-digest", null,
        $"Your daily update: {rows.Count} things have changed",
        string.Join("\n\n---\n\n", rows.OrderBy(r => r.CreatedAt).Select(r => $"{r.Subject}\n{r.Body}")),
        rows[0].CreatedAt);
}
