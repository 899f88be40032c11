using BuildingBlocks.Messaging;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace BuildingBlocks.Persistence;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>
/// Each service has one DbContext type and a subclass per provider, because EF Core keeps one migration set per
/// context type: the subclasses own the SQLite and PostgreSQL migrations; code only ever asks for <typeparamref name="TDb"/>.
/// </summary>
public static class DatabaseSetup
{
    public static DatabaseProvider Provider(IConfiguration configuration) =>
        configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);

    public static IServiceCollection AddServiceDatabase<TDb, TSqlite, TPostgres>(
        this IServiceCollection services, IConfiguration configuration, string serviceName)
        where TDb : ServiceDbContext where TSqlite : TDb where TPostgres : TDb
    {
        var connectionString = ConnectionString(configuration, serviceName);
        // Pooled: a new DbContext builds EF's whole graph of internal services, a visible share of a short request's CPU.
        if (Provider(configuration) == DatabaseProvider.Postgres)
            services.AddDbContextPool<TDb, TPostgres>(options => UsePostgres(options, connectionString));
        else
            services.AddDbContextPool<TDb, TSqlite>(options => UseSqlite(options, connectionString));

        services.AddHostedService<OutboxDispatcher<TDb>>();
        services.AddHealthChecks().AddDbContextCheck<TDb>($"{serviceName}-database", tags: ["ready"]);
        return services;
    }

    /// <summary>ConnectionStrings:{Service} wins; otherwise a SQLite file named for the service under Database:DataFolder.</summary>
    public static string ConnectionString(IConfiguration configuration, string serviceName)
    {
        var configured = configuration.GetConnectionString(serviceName) ?? configuration.GetConnectionString("Database");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        if (Provider(configuration) == DatabaseProvider.Postgres)
            throw new InvalidOperationException($"ConnectionStrings:{serviceName} is required for PostgreSQL");
        var folder = Path.GetFullPath(configuration.GetValue("Database:DataFolder", "data")!);
        System.IO.Directory.CreateDirectory(folder);
        return new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, $"{serviceName.ToLowerInvariant()}.db") }.ToString();
    }

    // Split queries: an entity that includes two collections (a listing's terms and places) loaded in one joined query
    // would come back as their cartesian product.
    public static void UsePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(ForShortQueries(connectionString), o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery))
            .UseSnakeCaseNamingConvention();

    /// <summary>
    /// These services answer short interactive queries on small pods. Parallel workers cost more to start (tens of ms,
    /// measured on a search the planner misjudged as large) than they save, and take cores from other requests.
    /// Statements run again and again (the same search shapes, the outbox poll) are prepared once per connection, which
    /// spares PostgreSQL their parsing and planning (search benchmark, concurrency 8, interleaved runs: raw p95 46-65 ms
    /// with, 81-106 ms without). Settings in the connection string itself win.
    /// </summary>
    public static string ForShortQueries(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options ??= "-c max_parallel_workers_per_gather=0";
        if (!connectionString.Replace(" ", "").Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 200;
            builder.AutoPrepareMinUsages = 2;
        }
        return builder.ConnectionString;
    }

    public static void UseSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)).UseSnakeCaseNamingConvention();

    /// <summary>Applies pending migrations. WAL lets the outbox dispatcher read while requests write.</summary>
    public static async Task MigrateAsync<TDb>(IServiceProvider services, CancellationToken cancellationToken = default)
        where TDb : ServiceDbContext
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }
}
