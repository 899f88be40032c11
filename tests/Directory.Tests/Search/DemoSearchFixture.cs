using BuildingBlocks.Persistence;
using BuildingBlocks.Validation;
using Mediator;
using System.Text.Json;
using DirectoryService;
using DirectoryService.Data;
using DirectoryService.Data.Seed;
using DirectoryService.Features.Search;
using DirectoryService.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;

namespace Directory.Tests.Search;

/// <summary>A clock stopped at a known Friday morning, so "this week", next sessions and staleness are reproducible.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>
/// The Directory module's services (no web host) on one database of the given provider, with the demo gazetteer
/// and demo directory loaded and the search index built, plus one listing suspended with an alternative. Queries go
/// through the mediator with the validation behaviour, as in the host.
/// </summary>
public abstract class DemoSearchFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    public const string SuspendedSlug = "svc-pvwf-all-abilities";
    public const string SuspendedAlternative = "Try the over-50s session on Wednesdays.";

    public ServiceProvider Services { get; private set; } = null!;
    public DemoData Demo { get; } = DemoData.Load();

    protected abstract Task<(string Provider, string ConnectionString)> CreateDatabaseAsync();

    /// <summary>
    /// The semantic path (Search:Semantic:Enabled). Off for the lexical contract suite, so its expectations are the
    /// text engines' own; the semantic suite turns it on.
    /// </summary>
    protected virtual bool Semantic => false;

    /// <summary>Registrations over the module's own (a fixture's stand-in for a seam).</summary>
    protected virtual void Replace(IServiceCollection services) { }
    protected virtual Task DropDatabaseAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        var (provider, connectionString) = await CreateDatabaseAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider, ["ConnectionStrings:Directory"] = connectionString,
            ["Search:Semantic:Enabled"] = Semantic.ToString(),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton<TimeProvider>(new FixedClock(Now));
        // As the host runs it: every query is validated before its handler (a 400 instead of the handler's exception).
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        var module = new DirectoryModule();
        module.AddServices(services, configuration);
        Replace(services);
        Services = services.BuildServiceProvider();

        await module.MigrateAsync(Services, CancellationToken.None);
        await module.SeedDemoDataAsync(Services, CancellationToken.None);
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
        var suspended = await db.Services.SingleAsync(s => s.Id == StableId.From(SuspendedSlug));
        suspended.Suspend("Paused while the pitch is resurfaced.", SuspendedAlternative, Now);
        await db.SaveChangesAsync();
        await scope.ServiceProvider.GetRequiredService<SearchIndexer>().EnsureCurrentAsync(CancellationToken.None);
    }

    public async Task<SearchServices.Result> Search(SearchServices.Query query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DirectoryService.Mediator>().Send(query);
    }

    /// <summary>Any other query through the same mediator (the ORUK feed's, which shares the search engine).</summary>
    public async Task<TResult> Send<TResult>(IQuery<TResult> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DirectoryService.Mediator>().Send(query);
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        await DropDatabaseAsync();
    }
}

public class SqliteDemoSearchFixture : DemoSearchFixture
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"search-{Guid.NewGuid():N}.db");

    protected override Task<(string, string)> CreateDatabaseAsync() => Task.FromResult(("Sqlite", $"Data Source={_file}"));

    protected override Task DropDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _file, _file + "-wal", _file + "-shm" }) File.Delete(file);
        return Task.CompletedTask;
    }
}

public class PostgresDemoSearchFixture : DemoSearchFixture
{
    private string _connectionString = "";

    protected override async Task<(string, string)> CreateDatabaseAsync()
    {
        _connectionString = await Servers.CreateDatabase("search_contract");
        return ("Postgres", _connectionString);
    }

    protected override Task DropDatabaseAsync() => Servers.DropDatabase(_connectionString);
}

/// <summary>The demo file read independently of the code under test, so expectations come from the data, not the index.</summary>
public sealed class DemoData
{
    public required IReadOnlyList<Listing> Listings { get; init; }

    public sealed record Listing(string Slug, Guid Id, string Name, IReadOnlyList<string> Terms, IReadOnlyList<string> Languages,
        string AttendingType, bool Free, int? MinimumAge, int? MaximumAge, string AcceptingReferrals, DateOnly LastVerified,
        IReadOnlyList<string> Wards, IReadOnlyList<string> Accessibility, IReadOnlyList<string> Days);

    public Listing this[string slug] => Listings.Single(l => l.Slug == slug);

    public static DemoData Load()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(DemoDirectory.DataFolder, "portsmouth-north.json")));
        var root = json.RootElement;
        var locations = root.GetProperty("locations").EnumerateArray().ToDictionary(l => l.GetProperty("id").GetString()!);
        static List<string> Strings(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetString()!)];
        static int? Int(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetInt32() : null;
        return new DemoData
        {
            Listings = [.. root.GetProperty("services").EnumerateArray().Select(s =>
            {
                var places = Strings(s.GetProperty("locationIds")).Select(id => locations[id]).ToList();
                var days = s.GetProperty("schedules").EnumerateArray().SelectMany(x => x.GetProperty("date").ValueKind == JsonValueKind.String
                    ? [DateOnly.Parse(x.GetProperty("date").GetString()!).DayOfWeek.ToString().ToLowerInvariant()]
                    : Strings(x.GetProperty("byDay")).Select(d => DemoDirectory.ParseDay(d).ToString().ToLowerInvariant())).Distinct().ToList();
                return new Listing(s.GetProperty("id").GetString()!, StableId.From(s.GetProperty("id").GetString()!), s.GetProperty("name").GetString()!,
                    Strings(s.GetProperty("taxonomyTerms")), Strings(s.GetProperty("languages")), s.GetProperty("attendingType").GetString()!,
                    s.GetProperty("cost").GetProperty("free").GetBoolean(), Int(s.GetProperty("minimumAge")), Int(s.GetProperty("maximumAge")),
                    s.GetProperty("capacity").GetProperty("acceptingReferrals").GetString()!, DateOnly.Parse(s.GetProperty("lastVerified").GetString()!),
                    [.. places.Select(p => p.GetProperty("ward").GetString()).OfType<string>().Distinct()],
                    [.. places.SelectMany(p => Strings(p.GetProperty("accessibility"))).Distinct()], days);
            })],
        };
    }
}

/// <summary>The demo directory on SQLite with the semantic path on (listings embedded when indexed).</summary>
public sealed class SqliteSemanticSearchFixture : SqliteDemoSearchFixture
{
    protected override bool Semantic => true;
}

/// <summary>The demo directory on PostgreSQL with the semantic path on (listings embedded when indexed).</summary>
public sealed class PostgresSemanticSearchFixture : PostgresDemoSearchFixture
{
    protected override bool Semantic => true;
}
