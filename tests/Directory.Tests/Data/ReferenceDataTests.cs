using BuildingBlocks.Persistence;
using DirectoryService;
using DirectoryService.Data;
using DirectoryService.Data.Seed;
using DirectoryService.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;

namespace Directory.Tests.Data;

/// <summary>
/// Replicas of the Directory starting at the same moment on one PostgreSQL database: each adds the reference data at
/// start, and none may fail its start on the keys another has just added, nor add a row twice.
/// </summary>
public sealed class ReferenceDataTests : IAsyncLifetime
{
    private const int Replicas = 4;
    private string _connectionString = "";
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await Servers.CreateDatabase("reference_data");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres", ["ConnectionStrings:Directory"] = _connectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        new DirectoryModule().AddServices(services, configuration);
        _services = services.BuildServiceProvider();
        await ServiceDatabase.MigrateAsync<DirectoryDb>(_services);
    }

    [Fact]
    public async Task Replicas_adding_the_reference_data_at_once_all_start_and_add_each_row_once()
    {
        var scopes = Enumerable.Range(0, Replicas).Select(_ => _services.CreateAsyncScope()).ToList();
        using var together = new Barrier(Replicas);
        var starts = scopes.Select(scope => Task.Run(async () =>
        {
            var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
            await db.Database.OpenConnectionAsync();
            together.SignalAndWait();
            await ReferenceData.EnsureAsync(db, TimeProvider.System, CancellationToken.None);
        })).ToList();

        var failed = new List<Exception>();
        foreach (var start in starts)
        {
            try { await start; }
            catch (Exception e) { failed.Add(e); }
        }
        foreach (var scope in scopes) await scope.DisposeAsync();

        Assert.Empty(failed);
        await using var check = _services.CreateAsyncScope();
        var directory = check.ServiceProvider.GetRequiredService<DirectoryDb>();
        Assert.Equal(TaxonomySeed.Terms.Count, await directory.TaxonomyTerms.CountAsync());
        Assert.Equal(2, await directory.Taxonomies.CountAsync());
        Assert.Equal(Synonyms.Parse(Synonyms.ShippedLines()).Count(), await directory.VocabularyRules.CountAsync());
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await Servers.DropDatabase(_connectionString);
    }
}
