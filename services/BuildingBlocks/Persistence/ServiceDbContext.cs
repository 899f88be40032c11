using System.Diagnostics;
using System.Text.Json;
using BuildingBlocks.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BuildingBlocks.Persistence;

/// <summary>
/// The base of each service's DbContext: it owns the outbox and inbox tables, so that an event is
/// saved by the same SaveChanges (and so the same transaction) as the state change it reports.
/// </summary>
public abstract class ServiceDbContext(DbContextOptions options) : DbContext(options)
{
    internal static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web);

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<InboxMessage> Inbox => Set<InboxMessage>();

    /// <summary>Signals of the rows this unit of work added, pulsed when it commits (<see cref="CommitSignalInterceptor{TDb}"/>).</summary>
    internal HashSet<WakeSignal> SignalsAwaitingCommit { get; } = [];

    /// <summary>
    /// Queues an integration event under its own contract type; it is written when SaveChanges commits. The one way
    /// every service publishes: a handler, consumer or job calls it with the event it built or a domain type returned.
    /// </summary>
    public void Publish(object @event, DateTimeOffset occurredAt)
    {
        var type = @event.GetType();
        var trace = Activity.Current is { IdFormat: ActivityIdFormat.W3C, Recorded: true } current ? current.Id : null;
        Outbox.Add(new OutboxMessage(Guid.CreateVersion7(), type.FullName!, JsonSerializer.Serialize(@event, type, EventJson), occurredAt, trace));
    }

    /// <summary>Queues the events a domain type raised during one change (for example <c>referral.TakeEvents()</c>), in order.</summary>
    public void Publish(IEnumerable<object> events, DateTimeOffset occurredAt)
    {
        foreach (var @event in events) Publish(@event, occurredAt);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no timestamp type: stored as sortable integers so that ORDER BY and range filters run in SQL.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
            configurationBuilder.Properties<decimal>().HaveConversion<double>();
        }
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.HasKey(m => m.Sequence);
            outbox.Property(m => m.Sequence).ValueGeneratedOnAdd();
            outbox.HasIndex(m => m.MessageId).IsUnique();
            outbox.HasIndex(m => new { m.SentAt, m.Sequence });
            outbox.Property(m => m.MessageType).HasMaxLength(300);
            outbox.Property(m => m.TraceParent).HasMaxLength(55); // 00-{trace id}-{span id}-{flags}
        });
        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable("inbox_messages");
            inbox.HasKey(m => new { m.MessageId, m.Consumer });
            inbox.Property(m => m.Consumer).HasMaxLength(200);
        });
    }
}
