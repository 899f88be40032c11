using BuildingBlocks.Auth;
using BuildingBlocks.Messaging;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BuildingBlocks.Hosting;

/// <summary>
/// A service as the process host sees it. Each of Directory, Referrals and Feedback is one module, so the same
/// code runs as its own process (distributed) or beside the others in one process (the embedded default).
/// </summary>
public interface IServiceModule
{
    string Name { get; }
    void AddServices(IServiceCollection services, IConfiguration configuration);
    void AddConsumers(IBusRegistrationConfigurator bus);
    void MapEndpoints(IEndpointRouteBuilder endpoints);
    Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken);
    /// <summary>Loads the demo data into an empty database (embedded default and demos only).</summary>
    Task SeedDemoDataAsync(IServiceProvider services, CancellationToken cancellationToken);
}

public static class ServiceHost
{
    /// <summary>
    /// Builds the web application for the given modules. <c>--migrate</c> applies migrations and exits
    /// (run once per release); otherwise Database:MigrateOnStart and Demo:Seed decide what happens at start.
    /// </summary>
    public static WebApplication Build(string[] args, IReadOnlyList<IServiceModule> modules, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddServiceDefaults(builder.Configuration, string.Join("+", modules.Select(m => m.Name)));
        // First hosted service, so the schema exists before the bus and outbox dispatchers start.
        builder.Services.AddHostedService(services => new StartupPreparation(services, modules));
        foreach (var module in modules) module.AddServices(builder.Services, builder.Configuration);
        builder.Services.AddServiceBus(builder.Configuration, modules.Select(m => (Action<IBusRegistrationConfigurator>)m.AddConsumers).ToArray());
        configure?.Invoke(builder);
        DemoSecrets.RefuseDemoSigningKey(builder);

        var app = builder.Build();
        app.UseServiceDefaults();
        foreach (var module in modules) module.MapEndpoints(app);
        return app;
    }

    public static async Task<int> RunAsync(string[] args, IReadOnlyList<IServiceModule> modules, Action<WebApplicationBuilder>? configure = null)
    {
        var app = Build(args, modules, configure);
        if (args.Contains("--migrate"))
        {
            foreach (var module in modules) await module.MigrateAsync(app.Services, CancellationToken.None);
            Console.WriteLine($"Migrated: {string.Join(", ", modules.Select(m => m.Name))}");
            return 0;
        }

        app.Lifetime.ApplicationStarted.Register(() => PrintUrls(app, modules));
        await app.RunAsync();
        return 0;
    }

    private static void PrintUrls(WebApplication app, IReadOnlyList<IServiceModule> modules)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
            Console.WriteLine($"{string.Join(" + ", modules.Select(m => m.Name))} listening on {address}  (health: {address}/health/ready)");
    }
}

/// <summary>Migrates (Database:MigrateOnStart) and loads demo data (Demo:Seed) before anything else starts.</summary>
internal sealed class StartupPreparation(IServiceProvider services, IReadOnlyList<IServiceModule> modules) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        if (configuration.GetValue("Database:MigrateOnStart", true))
            foreach (var module in modules) await module.MigrateAsync(services, cancellationToken);
        if (configuration.GetValue("Demo:Seed", false))
            foreach (var module in modules) await module.SeedDemoDataAsync(services, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
