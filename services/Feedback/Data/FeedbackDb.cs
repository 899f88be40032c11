using BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using FeedbackService.Domain;

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
