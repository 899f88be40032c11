using BuildingBlocks.Validation;
using BuildingBlocks.Hosting;
using BuildingBlocks.Persistence;
using DirectoryService.Data;
using DirectoryService.Data.Seed;
using DirectoryService.Features.Freshness;
using DirectoryService.Search;
using DirectoryService.Search.Gazetteer;
using DirectoryService.Features.OpenReferral;
using DirectoryService.Features.Imports;
using BuildingBlocks.Messaging;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService;

public sealed class DirectoryModule : IServiceModule
{
    public const string ServiceName = "Directory";
    public string Name => ServiceName;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddServiceDatabase<DirectoryDb, SqliteDirectoryDb, PostgresDirectoryDb>(configuration, Name);
        services.AddMediator();
        services.AddValidatorsOf<DirectoryModule>();
        services.AddSingleton(FreshnessSettings.From(configuration));
        services.AddSweep(sp => new SweepSchedule<ListingFreshnessMonitor>(TimeSpan.FromDays(1),
            sp.GetRequiredService<FreshnessSettings>().MonitorEnabled));
        services.AddSweep(_ => new SweepSchedule<Features.Crisis.CrisisEndSweep>(Features.Crisis.CrisisSettings.SweepInterval(configuration)));
        services.AddDirectorySearch(configuration);
        services.AddOpenReferral(configuration);
        services.AddOrukImport(configuration);
    }

    public void AddConsumers(IBusRegistrationConfigurator bus) =>
        bus.AddServiceConsumers(Name, typeof(DirectoryModule).Assembly);

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapDirectoryEndpoints();

    public async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await ServiceDatabase.MigrateAsync<DirectoryDb>(services, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
        await ReferenceData.EnsureAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), cancellationToken);
    }

    public async Task SeedDemoDataAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
        if (!await db.Postcodes.AnyAsync(cancellationToken))
        {
            await using var gazetteer = File.OpenRead(Path.Combine(DemoDirectory.DataFolder, "gazetteer-portsmouth-north.csv"));
            await new GazetteerImporter(db).ImportAsync(gazetteer, cancellationToken);
        }
        await DemoDirectory.SeedAsync(scope.ServiceProvider.GetRequiredService<DirectoryDb>(),
            scope.ServiceProvider.GetRequiredService<TimeProvider>(), cancellationToken);
    }
}
