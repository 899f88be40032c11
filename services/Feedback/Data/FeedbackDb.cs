using BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using FeedbackService.Domain;

namespace FeedbackService.Data;

public class FeedbackDb(DbContextOptions options) : ServiceDbContext(options)
{
    public DbSet<Activity> Activities => Set<Activity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FeedbackDb).Assembly);
    }
}

/// <summary>Owns the SQLite migrations (embedded default).</summary>
public sealed class SqliteFeedbackDb(DbContextOptions<SqliteFeedbackDb> options) : FeedbackDb(options);

/// <summary>Owns the PostgreSQL migrations (distributed).</summary>
public sealed class PostgresFeedbackDb(DbContextOptions<PostgresFeedbackDb> options) : FeedbackDb(options);

public sealed class SqliteFeedbackDbFactory : SqliteDesignTimeFactory<SqliteFeedbackDb>;
public sealed class PostgresFeedbackDbFactory : PostgresDesignTimeFactory<PostgresFeedbackDb>;
