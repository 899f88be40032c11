using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace BuildingBlocks.Persistence;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>
/// Which database a process uses and how it connects (the portal's accounts and each service's data alike). A
/// service's DbContext and its outbox are set up on top of this by <c>ServiceDatabase</c> in BuildingBlocks.
/// </summary>
public static class DatabaseSetup
{
    public static DatabaseProvider Provider(IConfiguration configuration) =>
        configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);

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
    public static DbContextOptionsBuilder UsePostgres(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(ForShortQueries(connectionString), o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery))
            .UseSnakeCaseNamingConvention();

    /// <summary>
    /// These services answer short interactive queries on small pods. Parallel workers cost more to start (tens of ms,
    /// measured on a search the planner misjudged as large) than they save, and take cores from other requests.
    /// Statements run again and again (the same search shapes, the outbox poll) are prepared once per connection, which
    /// spares PostgreSQL their parsing and planning (search benchmark, concurrency 8, interleaved runs: raw p95 46-65 ms
    /// with, 81-106 ms without). The pool is capped below Npgsql's 100: what may run at once is bounded where the work
    /// comes in (consumers per queue, delivery lanes), and a pool larger than that only lets a burst queue inside
    /// PostgreSQL on two cores instead of here (docs/RELIABILITY.md, Sizing). A connection given back to the pool is not
    /// reset: with prepared statements Npgsql's reset is seven statements, sent each time a pooled connection is taken
    /// again (182 of Feedback's 294 statements a referral, measured with pg_stat_statements), and these services leave no
    /// session state behind (the outbox releases its session locks itself; LISTEN has a connection of its own).
    /// Settings in the connection string itself win.
    /// </summary>
    public static string ForShortQueries(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options ??= "-c max_parallel_workers_per_gather=0";
        var given = connectionString.Replace(" ", "");
        if (!given.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 200;
            builder.AutoPrepareMinUsages = 2;
        }
        if (!given.Contains("NoResetOnClose", StringComparison.OrdinalIgnoreCase))
            builder.NoResetOnClose = true;
        if (!given.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase)
            && !given.Contains("MaximumPoolSize", StringComparison.OrdinalIgnoreCase))
            builder.MaxPoolSize = DefaultMaxPoolSize;
        return builder.ConnectionString;
    }

    public const int DefaultMaxPoolSize = 50;

    public static DbContextOptionsBuilder UseSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, o => o.UseQuerySplittingBehavior(QuerySplittingBehavior.SplitQuery)).UseSnakeCaseNamingConvention();
}
