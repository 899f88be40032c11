using BuildingBlocks.Auth;
using BuildingBlocks.Persistence;
using BuildingBlocks.Web;
using Microsoft.EntityFrameworkCore;
using ReferralsService.Domain;

namespace ReferralsService.Data;

public class ReferralsDb(DbContextOptions options) : ServiceDbContext(options)
{
    public DbSet<ReferrableService> ReferrableServices => Set<ReferrableService>();

    /// <summary>Listed and updated events both create the service if it is new, whichever arrives first.</summary>
    public async Task<ReferrableService> FindOrAddService(Guid serviceId, CancellationToken cancellationToken) =>
        await this.FindOrAddAsync(serviceId, ReferrableService.New, cancellationToken);
    public DbSet<Referral> Referrals => Set<Referral>();
    public DbSet<ReferralMessage> ReferralMessages => Set<ReferralMessage>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<RetentionPeriodChange> RetentionPeriodChanges => Set<RetentionPeriodChange>();

    /// <summary>Writes who read a referral's personal data, when and why (saved with the request's SaveChanges).</summary>
    public void Audit(Guid referralId, CurrentUser user, string purpose, DateTimeOffset at, string action = "read") =>
        AuditLog.Add(new AuditEntry(referralId, user, action, purpose, at));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ReferralsDb).Assembly);
        modelBuilder.ApplyConfiguration(new AuditEntryConfiguration("referral_audit_log"));
        // The admins' audit log page reads newest first and by who read (Features/Audit/GetAuditLog).
        modelBuilder.Entity<AuditEntry>().HasIndex(e => e.At);
        modelBuilder.Entity<AuditEntry>().HasIndex(e => new { e.UserId, e.At });
    }
}

/// <summary>Owns the SQLite migrations (embedded default).</summary>
public sealed class SqliteReferralsDb(DbContextOptions<SqliteReferralsDb> options) : ReferralsDb(options);

/// <summary>Owns the PostgreSQL migrations (distributed).</summary>
public sealed class PostgresReferralsDb(DbContextOptions<PostgresReferralsDb> options) : ReferralsDb(options);

public sealed class SqliteReferralsDbFactory : SqliteDesignTimeFactory<SqliteReferralsDb>;
public sealed class PostgresReferralsDbFactory : PostgresDesignTimeFactory<PostgresReferralsDb>;
