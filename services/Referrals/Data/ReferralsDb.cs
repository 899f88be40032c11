using BuildingBlocks.Auth;
using BuildingBlocks.Persistence;
using BuildingBlocks.Web;
using Contracts.Referrals;
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

    /// <summary>Queues the referral's pending events in the outbox, each under its own contract type.</summary>
    public void PublishEvents(Referral referral)
    {
        foreach (var @event in referral.TakeEvents())
        {
            switch (@event)
            {
                case ReferralStatusChanged e: Publish(e, e.OccurredAt); break;
                case ReferralConsentChanged e: Publish(e, e.OccurredAt); break;
                case ReferralResponseDue e: Publish(e, e.OccurredAt); break;
                case ReferralEscalated e: Publish(e, e.OccurredAt); break;
                case ReferralServiceUnavailable e: Publish(e, e.OccurredAt); break;
                case ReferralMessagePosted e: Publish(e, e.OccurredAt); break;
                default: throw new InvalidOperationException($"No contract mapping for {@event.GetType().FullName}");
            }
        }
    }

    /// <summary>Writes who read a referral's personal data, when and why (saved with the request's SaveChanges).</summary>
    public void Audit(Guid referralId, CurrentUser user, string purpose, DateTimeOffset at, string action = "read") =>
        AuditLog.Add(new AuditEntry(referralId, user, action, purpose, at));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ReferralsDb).Assembly);
        modelBuilder.ApplyConfiguration(new AuditEntryConfiguration("referral_audit_log"));
    }
}

/// <summary>Owns the SQLite migrations (embedded default).</summary>
public sealed class SqliteReferralsDb(DbContextOptions<SqliteReferralsDb> options) : ReferralsDb(options);

/// <summary>Owns the PostgreSQL migrations (distributed).</summary>
public sealed class PostgresReferralsDb(DbContextOptions<PostgresReferralsDb> options) : ReferralsDb(options);

public sealed class SqliteReferralsDbFactory : SqliteDesignTimeFactory<SqliteReferralsDb>;
public sealed class PostgresReferralsDbFactory : PostgresDesignTimeFactory<PostgresReferralsDb>;
