using Microsoft.Extensions.Options;
using BuildingBlocks.Validation;
using BuildingBlocks.Hosting;
using BuildingBlocks.Persistence;
using BuildingBlocks.Messaging;
using MassTransit;
using ReferralsService.Consumers;
using ReferralsService.Data;
using ReferralsService.Jobs;

namespace ReferralsService;

public sealed class ReferralsModule : IServiceModule
{
    public const string ServiceName = "Referrals";
    public string Name => ServiceName;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddServiceDatabase<ReferralsDb, SqliteReferralsDb, PostgresReferralsDb>(configuration, Name);
        services.AddMediator();
        services.AddValidatorsOf<ReferralsModule>();
        services.Configure<ReferralsSettings>(configuration.GetSection(ReferralsSettings.Section));
        services.AddScoped<Features.Fhir.OutcomesBase>();
        services.AddSweep(sp => new SweepSchedule<DeadlineSweep>(Interval(sp)));
        services.AddSweep(sp => new SweepSchedule<RetentionSweep>(Interval(sp)));
    }

    private static TimeSpan Interval(IServiceProvider services) =>
        services.GetRequiredService<IOptions<ReferralsSettings>>().Value.SweepInterval;

    public void AddConsumers(IBusRegistrationConfigurator bus) =>
        bus.AddServiceConsumers(Name, typeof(ServiceListedConsumer).Assembly);

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapReferralsEndpoints();

    public Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        ServiceDatabase.MigrateAsync<ReferralsDb>(services, cancellationToken);

    public Task SeedDemoDataAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;
}
