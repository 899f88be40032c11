using BuildingBlocks.Persistence;
using Microsoft.Extensions.Logging;

namespace BuildingBlocks.Messaging;

/// <summary>
/// PostgreSQL tells every replica's dispatcher that outbox rows were committed (<see cref="PostgresNotifications"/>).
/// The in-process signal wakes the replica that committed; this wakes the others, and whichever claims the rows first
/// sends them.
/// </summary>
public static class OutboxNotifications
{
    public const string Channel = "outbox_messages_committed";

    // One notification per statement (and PostgreSQL folds repeats within a transaction into one).
    private const string TriggerSql = $"""
        CREATE OR REPLACE FUNCTION notify_outbox_messages_committed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{Channel}', '');
            RETURN NULL;
        END $$;
        CREATE OR REPLACE TRIGGER outbox_messages_committed AFTER INSERT ON outbox_messages
            FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox_messages_committed();
        """;

    /// <summary>Creates (or replaces) the trigger; run after the migrations on every start and by --migrate.</summary>
    public static Task InstallAsync(ServiceDbContext db, CancellationToken cancellationToken) =>
        PostgresNotifications.InstallTriggerAsync(db, Channel, TriggerSql, cancellationToken);

    /// <summary>Pulses <paramref name="wake"/> at each notification and once after every (re)connect.</summary>
    public static Task ListenAsync(string connectionString, WakeSignal wake, TimeSpan retryDelay, TimeProvider clock,
        ILogger logger, CancellationToken stoppingToken) =>
        PostgresNotifications.ListenAsync(connectionString, Channel, _ => wake.Pulse(), wake.Pulse, retryDelay, clock, logger, stoppingToken);
}
