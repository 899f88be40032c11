using BuildingBlocks.Hosting;
using BuildingBlocks.Persistence;
using DirectoryService.Data;
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
    }

    public void AddConsumers(IBusRegistrationConfigurator bus) { }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapDirectoryEndpoints();

    public Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        DatabaseSetup.MigrateAsync<DirectoryDb>(services, cancellationToken);

    public Task SeedDemoDataAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;
}
