using System.Collections.Concurrent;
using BuildingBlocks.Persistence;
using FeedbackService.Data;
using FeedbackService.Domain;

namespace FeedbackService.Notifications;

/// <summary>
/// Who is waiting for in-app messages right now (open inbox streams), by inbox (a user, an organisation's, a team's,
/// the curators'), so a committed message wakes only the streams it belongs in.
/// </summary>
public sealed class InboxWatch(int maxConcurrentLooks = InboxStreamOptions.DefaultMaxConcurrentLooks)
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<WakeSignal, byte>> _byInbox = new();
    private readonly SemaphoreSlim _looks = new(maxConcurrentLooks, maxConcurrentLooks);

    /// <summary>
    /// Runs one stream's read of the database when a turn is free. Streams are many and wake together (a heartbeat, a
    /// reconnect storm after a restart, <see cref="PulseAll"/>): unbounded, their reads took every pooled connection
    /// and starved the consumers and the health check, so a restarted Feedback never became ready. They queue here instead.
    /// </summary>
    public async Task<T> LookAsync<T>(Func<Task<T>> look, CancellationToken cancellationToken)
    {
        await _looks.WaitAsync(cancellationToken);
        try { return await look(); }
        finally { _looks.Release(); }
    }

    /// <summary>A signal pulsed whenever a message for any of <paramref name="inboxes"/> is committed; dispose to stop.</summary>
    public Subscription Subscribe(IReadOnlyCollection<string> inboxes)
    {
        var signal = new WakeSignal();
        foreach (var inbox in inboxes) _byInbox.GetOrAdd(inbox, _ => new()).TryAdd(signal, 0);
        return new Subscription(this, inboxes, signal);
    }

    public void Pulse(string inbox)
    {
        if (_byInbox.TryGetValue(inbox, out var signals))
            foreach (var signal in signals.Keys) signal.Pulse();
    }

    /// <summary>Every stream looks again: after a reconnect of the listener, or where commits do not say whose they are.</summary>
    public void PulseAll()
    {
        foreach (var signals in _byInbox.Values)
            foreach (var signal in signals.Keys) signal.Pulse();
    }

    public sealed class Subscription(InboxWatch watch, IReadOnlyCollection<string> inboxes, WakeSignal signal) : IDisposable
    {
        public WakeSignal Signal => signal;

        public void Dispose()
        {
            // An inbox's (then empty) entry stays: removing it could race with a stream subscribing to it at that
            // moment, which would then never be woken. One small entry per inbox ever watched is all it costs.
            foreach (var inbox in inboxes)
                if (watch._byInbox.TryGetValue(inbox, out var signals))
                    signals.TryRemove(signal, out _);
        }
    }
}

/// <summary>
/// Tells <see cref="InboxWatch"/> of committed in-app messages. PostgreSQL: a row trigger NOTIFYs the inbox with the
/// commit, heard by every replica, so a stream open on one replica hears of a message another committed. SQLite
/// (one process): this process's commits of notifications wake every stream, each of which looks for its own.
/// </summary>
public sealed class InboxNotifications(IServiceScopeFactory scopes, InboxWatch watch, CommitSignals<FeedbackDb> signals,
    TimeProvider clock, ILogger<InboxNotifications> logger) : BackgroundService
{
    public const string Channel = "inbox_messages_committed";

    // Row by row, for the recipient; PostgreSQL folds a transaction's repeats of one inbox into one notification.
    private const string TriggerSql = $"""
        CREATE OR REPLACE FUNCTION notify_inbox_messages_committed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{Channel}', NEW.recipient);
            RETURN NULL;
        END $$;
        CREATE OR REPLACE TRIGGER inbox_messages_committed AFTER INSERT ON notifications
            FOR EACH ROW WHEN (NEW.channel = '{Channels.InApp}') EXECUTE FUNCTION notify_inbox_messages_committed();
        """;

    /// <summary>Creates (or replaces) the trigger; run after the migrations on every start and by --migrate.</summary>
    public static Task InstallAsync(FeedbackDb db, CancellationToken cancellationToken) =>
        PostgresNotifications.InstallTriggerAsync(db, Channel, TriggerSql, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (await PostgresNotifications.ConnectionStringAsync<FeedbackDb>(scopes) is { } postgres)
        {
            await PostgresNotifications.ListenAsync(postgres, Channel, watch.Pulse, watch.PulseAll, TimeSpan.FromSeconds(1), clock, logger, stoppingToken);
            return;
        }
        var committed = signals.Watch<Notification>();
        while (!stoppingToken.IsCancellationRequested)
            if (await committed.WaitAsync(TimeSpan.FromMinutes(5), clock, stoppingToken))
                watch.PulseAll();
    }
}
