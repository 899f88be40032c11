using BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using FeedbackService.Domain;
using FeedbackService.Insights;
using FeedbackService.Notifications;

namespace FeedbackService.Data;

public class FeedbackDb(DbContextOptions options) : ServiceDbContext(options)
{
    public DbSet<Activity> Activities => Set<Activity>();

    /// <summary>Listed and updated events both create the activity if it is new, whichever arrives first.</summary>
    public async Task<Activity> FindOrAddActivity(Guid serviceId, CancellationToken cancellationToken) =>
        await this.FindOrAddAsync(serviceId, id => new Activity(id), cancellationToken);
    public DbSet<Referral> Referrals => Set<Referral>();
    public DbSet<AttendanceRecord> Attendance => Set<AttendanceRecord>();
    public DbSet<OutcomeMeasure> Outcomes => Set<OutcomeMeasure>();
    public DbSet<OutcomeLink> OutcomeLinks => Set<OutcomeLink>();
    public DbSet<ResidentFeedback> ResidentFeedback => Set<ResidentFeedback>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<UserPreferences> Preferences => Set<UserPreferences>();
    public DbSet<WebhookSubscription> Webhooks => Set<WebhookSubscription>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    /// <summary>
    /// Every save marks the months whose insight rows it changes, in its own transaction (see <see cref="InsightRollups"/>),
    /// and delivers the in-app messages it adds that are due now (<see cref="Notification.DeliverWithCommit"/>).
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        await InsightRollups.MarkChangedMonthsAsync(this, cancellationToken);
        DeliverInAppMessages();
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void DeliverInAppMessages()
    {
        // Changes were just detected (above): reading the entries again need not detect them a second time.
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            var delivered = ChangeTracker.Entries<Notification>().Count(e => e.State == EntityState.Added && e.Entity.DeliverWithCommit());
            if (delivered > 0) NotificationMetrics.Delivered(Channels.InApp, delivered);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Save with SaveChangesAsync, which marks the insight months a change touches.");

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FeedbackDb).Assembly);
        modelBuilder.ApplyConfiguration(new AuditEntryConfiguration("audit_log"));
    }
}

/// <summary>Owns the SQLite migrations (embedded default).</summary>
public sealed class SqliteFeedbackDb(DbContextOptions<SqliteFeedbackDb> options) : FeedbackDb(options);

/// <summary>Owns the PostgreSQL migrations (distributed).</summary>
public sealed class PostgresFeedbackDb(DbContextOptions<PostgresFeedbackDb> options) : FeedbackDb(options);

public sealed class SqliteFeedbackDbFactory : SqliteDesignTimeFactory<SqliteFeedbackDb>;
public sealed class PostgresFeedbackDbFactory : PostgresDesignTimeFactory<PostgresFeedbackDb>;
