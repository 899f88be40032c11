using BuildingBlocks.Persistence;
using DirectoryService.Domain;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Data;

public class DirectoryDb(DbContextOptions options) : ServiceDbContext(options)
{
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Service> Services => Set<Service>();
    public DbSet<Location> Locations => Set<Location>();
    public DbSet<Taxonomy> Taxonomies => Set<Taxonomy>();
    public DbSet<TaxonomyTerm> TaxonomyTerms => Set<TaxonomyTerm>();
    public DbSet<Postcode> Postcodes => Set<Postcode>();
    public DbSet<ListingChange> ListingChanges => Set<ListingChange>();
    public DbSet<ServiceVersion> ServiceVersions => Set<ServiceVersion>();
    public DbSet<Crisis> Crises => Set<Crisis>();
    public DbSet<VocabularyRule> VocabularyRules => Set<VocabularyRule>();

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
