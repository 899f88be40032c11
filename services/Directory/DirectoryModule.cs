using BuildingBlocks.Hosting;
using BuildingBlocks.Persistence;
using DirectoryService.Data;
using DirectoryService.Data.Seed;
using DirectoryService.Features.OpenReferral;
using FluentValidation;
using MassTransit;

namespace DirectoryService;

public sealed class DirectoryModule : IServiceModule
{
    public string Name => "Directory";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddServiceDatabase<DirectoryDb, SqliteDirectoryDb, PostgresDirectoryDb>(configuration, Name);
        services.AddMediator();
        services.AddValidatorsFromAssemblyContaining<DirectoryModule>(includeInternalTypes: true);
        services.AddOpenReferral(configuration);
    }

    public void AddConsumers(IBusRegistrationConfigurator bus) { }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapDirectoryEndpoints();

    public async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await DatabaseSetup.MigrateAsync<DirectoryDb>(services, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        await TaxonomySeed.EnsureAsync(scope.ServiceProvider.GetRequiredService<DirectoryDb>(), cancellationToken);
    }

    public async Task SeedDemoDataAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await DemoDirectory.SeedAsync(scope.ServiceProvider.GetRequiredService<DirectoryDb>(),
            scope.ServiceProvider.GetRequiredService<TimeProvider>(), cancellationToken);
    }
}
