using BuildingBlocks.Persistence;
using FeedbackService.Data;
using FeedbackService.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FeedbackService.Notifications;

/// <summary>
/// Sends committed notification rows through their channel adapter. Woken when a transaction commits notifications,
/// it also polls slowly for retries, scheduled messages and digests coming due. A batch is claimed (leased) in one
/// statement, sent outside it a few at a time, and each message marked as soon as its send returns; failures are
/// retried with exponential backoff and, when permanent or out of attempts, kept as "failed" for admins to see. A crash
/// between a send and its mark can repeat that one message (at most one per lane) after the lease runs out: the only
/// window left, and webhook receivers get the notification id (X-Webhook-Id) to drop such a repeat. In-app messages
/// due now never reach it: they are delivered by their commit (<see cref="Notification.DeliverWithCommit"/>).
/// </summary>
public sealed class DeliveryWorker(IServiceScopeFactory scopes, IOptions<FeedbackOptions> options, CommitSignals<FeedbackDb> signals,
    TimeProvider clock, ILogger<DeliveryWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan MaxSaveDelay = TimeSpan.FromSeconds(5);
    private readonly WakeSignal _committed = signals.For<Notification>();
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
                await _committed.WaitAsync(Delivery.PollInterval, clock, stoppingToken);
        }
    }

    public async Task<int> DeliverBatch(CancellationToken cancellationToken)
    {
        List<Notification> claimed;
        await using (var scope = scopes.CreateAsyncScope())
            claimed = await Claim(scope.ServiceProvider.GetRequiredService<FeedbackDb>(), cancellationToken);
        if (claimed.Count == 0) return 0;
        // Digest rows due together for one address go out as one message; everything else one by one.
        var messages = claimed.GroupBy(n => n.Digest ? $"{n.Recipient}|{n.Channel}|{n.Address}" : n.Id.ToString())
            .Select(group => group.ToList()).ToList();
        await SendAll(messages, cancellationToken);
        return claimed.Count;
    }

    /// <summary>
    /// What was sent is saved even while stopping, and through a database restart: the rows stay leased to this worker
    /// until the lease runs out, and were the save given up sooner, nothing would go out again until then, and then
    /// twice. A failed save leaves the change tracker as it was, so the same save is tried again.
    /// </summary>
    private async Task RecordWhatWasSent(FeedbackDb db)
    {
        var giveUpAt = clock.GetUtcNow() + Lease / 2;
        for (var delay = TimeSpan.FromMilliseconds(200); ; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxSaveDelay.Ticks)))
        {
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
                return;
            }
            catch (Exception ex) when (DatabaseFailures.IsTransient(ex) && clock.GetUtcNow() + delay < giveUpAt)
            {
                logger.LogWarning(ex, "Recording sent notifications failed; trying again in {Delay} ms", delay.TotalMilliseconds);
                await Task.Delay(delay, clock);
            }
        }
    }

    /// <summary>
    /// At most <see cref="DeliveryOptions.Concurrency"/> sends at once, so one slow SMTP server or webhook receiver
    /// does not hold up the rest. Each lane has its own scope: adapters (the webhook one reads the database) and the
    /// context that marks its messages are not shared between threads.
    /// </summary>
    private async Task SendAll(List<List<Notification>> messages, CancellationToken cancellationToken)
    {
        var next = -1;
        async Task Lane()
        {
            await using var scope = scopes.CreateAsyncScope();
            var channels = scope.ServiceProvider.GetServices<INotificationChannel>().ToList();
            var db = scope.ServiceProvider.GetRequiredService<FeedbackDb>();
            for (var i = Interlocked.Increment(ref next); i < messages.Count && !cancellationToken.IsCancellationRequested;
                 i = Interlocked.Increment(ref next))
            {
                var rows = messages[i];
                var adapter = channels.FirstOrDefault(c => c.Handles(rows[0].Channel));
                db.Notifications.AttachRange(rows);
                if (adapter is { TellsRepeatsApart: false } && !await BeginSend(db, rows))
                {
                    db.ChangeTracker.Clear();
                    continue; // not begun: the lease runs out and the next worker sends it
                }
                var outcome = await Send(adapter, rows, cancellationToken);
                if (outcome.Result != SendResult.NotTried)
                {
                    Record(rows, outcome);
                    await RecordWhatWasSent(db);
                }
                // Not tried (stopping mid-send): a send begun stays begun, and becomes unconfirmed when its lease runs
                // out; any other is sent by the next worker.
                db.ChangeTracker.Clear();
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Math.Clamp(messages.Count, 1, Delivery.Concurrency)).Select(_ => Lane()));
    }

    /// <summary>
    /// Records that a send is about to begin, before it does (<see cref="Notification.BeginSend"/>); false when the
    /// database could not take it, and then the send is not made.
    /// </summary>
    private async Task<bool> BeginSend(FeedbackDb db, List<Notification> rows)
    {
        foreach (var row in rows) row.BeginSend(clock.GetUtcNow());
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
            return true;
        }
        catch (Exception ex) when (DatabaseFailures.IsTransient(ex))
        {
            logger.LogWarning(ex, "Could not record that notification {Id} is being sent; it waits for its lease to run out", rows[0].Id);
            return false;
        }
    }

    private static async Task<SendOutcome> Send(INotificationChannel? adapter, List<Notification> rows, CancellationToken cancellationToken)
    {
        var message = rows.Count == 1 ? OutgoingMessage.From(rows[0]) : Combine(rows);
        try
        {
            if (adapter is null) throw new DeliveryFailedException($"No adapter handles the {message.Channel} channel.", permanent: true);
            await adapter.SendAsync(message, cancellationToken);
            return SendOutcome.Sent;
        }
        catch (DeliveryFailedException ex)
        {
            return new SendOutcome(SendResult.Failed, ex.Message, ex.Permanent, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return SendOutcome.NotTried; // the lease runs out and the next worker sends it
        }
        catch (Exception ex)
        {
            return new SendOutcome(SendResult.Failed, $"{ex.GetType().Name}: {ex.Message}", false, ex);
        }
    }

    private void Record(List<Notification> rows, SendOutcome outcome)
    {
        var now = clock.GetUtcNow();
        switch (outcome.Result)
        {
            case SendResult.Sent:
                foreach (var row in rows) row.MarkSent(now);
                NotificationMetrics.Delivered(rows[0].Channel, rows.Count);
                break;
            case SendResult.Failed:
                foreach (var row in rows) row.MarkAttemptFailed(outcome.Error!, outcome.Permanent, now, Policy);
                NotificationMetrics.AttemptFailed(rows[0].Channel, rows.Count, outcome.Permanent);
                // The channel's own words stay on the row, for admins (GET /api/feedback/deliveries): a mail server's
                // refusal can quote the address it refused, so the log names only the kind of failure.
                logger.LogWarning("Notification {Id} on {Channel} failed (attempt {Attempt}, permanent {Permanent}): {Failure}",
                    rows[0].Id, rows[0].Channel, rows[0].Attempts, outcome.Permanent,
                    outcome.Unexpected?.GetType().Name ?? "refused by the channel");
                break;
        }
    }

    /// <summary>
    /// PostgreSQL: one statement leases the batch, replicas each taking different rows (SKIP LOCKED). SQLite: one
    /// process owns the file, so a short transaction reads and leases.
    /// </summary>
    private async Task<List<Notification>> Claim(FeedbackDb db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // Sends begun and never recorded, whose lease has run out, are not claimed again: they may have gone.
        var abandoned = await db.Notifications.Where(Notification.SendAbandoned(now)).ExecuteUpdateAsync(set => set
            .SetProperty(n => n.Status, DeliveryStatus.Unconfirmed)
            .SetProperty(n => n.LockedUntil, (DateTimeOffset?)null)
            .SetProperty(n => n.LastError, Notification.AbandonedReason), cancellationToken);
        if (abandoned > 0)
        {
            NotificationMetrics.Abandoned(abandoned);
            logger.LogWarning("{Count} notifications were begun and never recorded: marked unconfirmed, not sent again", abandoned);
        }
        if (db.Database.IsNpgsql())
            return await db.Notifications.FromSqlRaw(
                "UPDATE notifications SET locked_until = {2} WHERE id IN (" +
                "SELECT id FROM notifications WHERE status = 'pending' AND sending_at IS NULL AND next_attempt_at <= {0} " +
                "AND (locked_until IS NULL OR locked_until < {0}) ORDER BY next_attempt_at LIMIT {1} FOR UPDATE SKIP LOCKED) RETURNING *",
                now, Delivery.BatchSize, now + Lease).ToListAsync(cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = await db.Notifications.Where(n => n.Status == DeliveryStatus.Pending && n.SendingAt == null && n.NextAttemptAt <= now
                                                     && (n.LockedUntil == null || n.LockedUntil < now))
            .OrderBy(n => n.NextAttemptAt).Take(Delivery.BatchSize).ToListAsync(cancellationToken);
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

    private enum SendResult { NotTried, Sent, Failed }

    private sealed record SendOutcome(SendResult Result, string? Error, bool Permanent, Exception? Unexpected)
    {
        public static readonly SendOutcome Sent = new(SendResult.Sent, null, false, null);
        public static readonly SendOutcome NotTried = new(SendResult.NotTried, null, false, null);
    }
}
