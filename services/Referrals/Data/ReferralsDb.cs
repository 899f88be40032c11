using BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using ReferralsService.Domain;

namespace ReferralsService.Data;

public class ReferralsDb(DbContextOptions options) : ServiceDbContext(options)
{
    public DbSet<ReferrableService> ReferrableServices => Set<ReferrableService>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ReferralsDb).Assembly);
    }
}

/// <summary>Owns the SQLite migrations (embedded default).</summary>
public sealed class SqliteReferralsDb(DbContextOptions<SqliteReferralsDb> options) : ReferralsDb(options);

/// <summary>Owns the PostgreSQL migrations (distributed).</summary>
public sealed class PostgresReferralsDb(DbContextOptions<PostgresReferralsDb> options) : ReferralsDb(options);

public sealed class SqliteReferralsDbFactory : SqliteDesignTimeFactory<SqliteReferralsDb>;
public sealed class PostgresReferralsDbFactory : PostgresDesignTimeFactory<PostgresReferralsDb>;
