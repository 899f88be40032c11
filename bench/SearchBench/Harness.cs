using DirectoryService;
using DirectoryService.Search;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace SearchBench;

/// <summary>The Directory module's services (no web host) on a fresh database of one provider: what the handler really runs on.</summary>
public sealed class Harness : IAsyncDisposable
{
    public const string PostgresAdmin = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database=postgres;Pooling=false";
    public string Provider { get; }
    public ServiceProvider Services { get; }
    private readonly Action _drop;

    private Harness(string provider, ServiceProvider services, Action drop)
    {
        Provider = provider;
        Services = services;
        _drop = drop;
    }

    public static string? Reused => Environment.GetEnvironmentVariable("BENCH_DB");

    public static async Task<Harness> CreateAsync(string provider, TimeProvider clock, int maxPool = 40)
    {
        string connectionString;
        Action drop;
        if (provider == "Postgres")
        {
            // BENCH_DB=<name>: a database kept by an earlier run (BENCH_KEEP=1), already loaded, for EXPLAIN sessions.
            var name = Reused ?? $"searchbench_{Guid.NewGuid():N}"[..30];
            if (Reused is null)
            {
                await using var admin = new NpgsqlConnection(PostgresAdmin);
                await admin.OpenAsync();
                await new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin).ExecuteNonQueryAsync();
            }
            connectionString = $"Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;Database={name};Maximum Pool Size={maxPool}{Environment.GetEnvironmentVariable("BENCH_CS_EXTRA")}";
            drop = () =>
            {
                NpgsqlConnection.ClearAllPools();
                using var admin = new NpgsqlConnection(PostgresAdmin);
                admin.Open();
                new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin).ExecuteNonQuery();
            };
        }
        else
        {
            var file = Path.Combine(Path.GetTempPath(), $"searchbench-{Guid.NewGuid():N}.db");
            connectionString = $"Data Source={file}";
            drop = () =>
            {
                SqliteConnection.ClearAllPools();
                foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
            };
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider, ["ConnectionStrings:Directory"] = connectionString,
        }).Build();
        Console.WriteLine($"{provider} database: {connectionString}");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(clock);
        var module = new DirectoryModule();
        module.AddServices(services, configuration);
        if (provider == "Postgres" && ProfilingBackend.On) ProfilingBackend.Register(services);
        var provided = services.BuildServiceProvider();
        await module.MigrateAsync(provided, CancellationToken.None);
        return new Harness(provider, provided, drop);
    }

    public async Task SeedDemoAsync()
    {
        await new DirectoryModule().SeedDemoDataAsync(Services, CancellationToken.None);
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SearchIndexer>().EnsureCurrentAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        // BENCH_KEEP=1 leaves the database for EXPLAIN sessions (its connection string is printed at start).
        if (Environment.GetEnvironmentVariable("BENCH_KEEP") != "1" && Reused is null) _drop();
    }
}

public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
