using BuildingBlocks.Hosting;
using BuildingBlocks.Persistence;
using Microsoft.Extensions.Options;
using DirectoryService.Features.Postcodes;
using DirectoryService.Search.Postgres;
using DirectoryService.Search.Semantic;
using DirectoryService.Search.Sqlite;
using DirectoryService.Search.Telemetry;

namespace DirectoryService.Search;

public sealed class SearchOptions
{
    /// <summary>A listing not confirmed for this long is stale: demoted in relevance and flagged.</summary>
    public int StaleAfterDays { get; set; } = 120;
    /// <summary>Fewer strict hits than this tries spelling corrections, then any-word matching.</summary>
    public int FallbackBelow { get; set; } = 3;
    /// <summary>How often each replica looks for curators' changes to the vocabulary (its own apply at once).</summary>
    public int VocabularyRefreshSeconds { get; set; } = 5;
    /// <summary>Search:Semantic: the hybrid (text + embedding) path.</summary>
    public SemanticOptions Semantic { get; set; } = new();
}

public static class SearchSetup
{
    public static IServiceCollection AddDirectorySearch(this IServiceCollection services, IConfiguration configuration)
    {
        if (DatabaseSetup.Provider(configuration) == DatabaseProvider.Postgres)
            services.AddScoped<ISearchBackend, PostgresSearchBackend>();
        else
            services.AddScoped<ISearchBackend, SqliteSearchBackend>();
        services.Configure<SearchOptions>(configuration.GetSection("Search"));
        // The rules in force when a request's scope begins: a curator's change applies from the next request on.
        services.AddSingleton<VocabularyInForce>();
        services.AddScoped(sp => sp.GetRequiredService<VocabularyInForce>().Current);
        services.AddSweep(sp => new SweepSchedule<VocabularyRefresh>(
            TimeSpan.FromSeconds(Math.Max(1, sp.GetRequiredService<IOptions<SearchOptions>>().Value.VocabularyRefreshSeconds))));
        services.AddScoped<SearchIndexer>();
        services.AddScoped<SearchEngine>();
        // The model is loaded once per process, on first use (MiniLmEmbedder); the vectors are held once per process.
        services.AddSingleton<ITextEmbedder, MiniLmEmbedder>();
        services.AddSingleton<SemanticIndex>();
        services.AddScoped<SemanticSearch>();
        services.AddScoped<PostcodeLookup>();
        services.AddScoped<GazetteerPlaces>();
        services.AddMemoryCache();
        services.AddSingleton<SearchTelemetry>();
        services.AddHostedService<SearchTelemetryWriter>();
        services.AddHostedService<SearchIndexMaintenance>();
        return services;
    }
}
