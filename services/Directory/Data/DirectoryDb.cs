using BuildingBlocks.Persistence;
using DirectoryService.Domain;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Data;

public class DirectoryDb(DbContextOptions options) : ServiceDbContext(options)
{
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Service> Services => Set<Service>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DirectoryDb).Assembly);
    }
}

/// <summary>Owns the SQLite migrations (embedded default).</summary>
public sealed class SqliteDirectoryDb(DbContextOptions<SqliteDirectoryDb> options) : DirectoryDb(options);

/// <summary>Owns the PostgreSQL migrations (distributed).</summary>
public sealed class PostgresDirectoryDb(DbContextOptions<PostgresDirectoryDb> options) : DirectoryDb(options);

public sealed class SqliteDirectoryDbFactory : SqliteDesignTimeFactory<SqliteDirectoryDb>;
public sealed class PostgresDirectoryDbFactory : PostgresDesignTimeFactory<PostgresDirectoryDb>;
