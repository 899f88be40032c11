using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BuildingBlocks.Messaging;

public enum BusTransport { InMemory, RabbitMq }

public sealed class RabbitMqSettings
{
    public string Host { get; set; } = "localhost";
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";
}

public static class BusSetup
{
    /// <summary>
    /// One bus per process. Each service adds its consumers through <paramref name="consumers"/>, so the embedded
    /// host can put all three services on one in-memory bus while each keeps its own queues.
    /// </summary>
    public static IServiceCollection AddServiceBus(
        this IServiceCollection services, IConfiguration configuration, params Action<IBusRegistrationConfigurator>[] consumers)
    {
        services.Configure<OutboxOptions>(configuration.GetSection("Outbox"));
        // Start-up completes only once the bus and every receive endpoint are up (the outbox waits for that).
        services.AddOptions<MassTransitHostOptions>().Configure(options => options.WaitUntilStarted = true);
        var transport = configuration.GetValue("Bus:Transport", BusTransport.InMemory);

        services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            foreach (var add in consumers) add(bus);

            if (transport == BusTransport.RabbitMq)
            {
                var rabbit = configuration.GetSection("Bus:RabbitMq").Get<RabbitMqSettings>() ?? new RabbitMqSettings();
                bus.AddConfigureEndpointsCallback((_, endpoint) =>
                {
                    if (endpoint is IRabbitMqReceiveEndpointConfigurator queue) queue.SetQuorumQueue();
                });
                bus.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, host =>
                    {
                        host.Username(rabbit.Username);
                        host.Password(rabbit.Password);
                        host.PublisherConfirmation = true;
                        host.Heartbeat(TimeSpan.FromSeconds(10));
                    });
                    cfg.PrefetchCount = 32;
                    ConfigureRetries(cfg);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, cfg) =>
                {
                    ConfigureRetries(cfg);
                    cfg.ConfigureEndpoints(context);
                });
            }
        });
        return services;
    }

    /// <summary>
    /// Registers a service's consumers on queues named for the service ("referrals-service-listed"), so each
    /// service gets its own copy of an event even where two services name their consumers alike.
    /// </summary>
    public static void AddServiceConsumers(this IBusRegistrationConfigurator bus, string serviceName, System.Reflection.Assembly assembly)
    {
        var consumers = assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IConsumer)));
        foreach (var consumer in consumers)
        {
            var queue = $"{serviceName.ToLowerInvariant()}-{KebabCaseEndpointNameFormatter.Instance.SanitizeName(consumer.Name.Replace("Consumer", ""))}";
            bus.AddConsumer(consumer).Endpoint(endpoint => endpoint.Name = queue);
        }
    }

    // Immediate retries ride out lock contention and duplicate-inbox races; what still fails lands in the
    // endpoint's _error queue, from which an operator can move it back (docs/DEPLOY.md).
    private static void ConfigureRetries(IBusFactoryConfigurator cfg) =>
        cfg.UseMessageRetry(retry => retry.Intervals(
            TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2),
            TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15)));
}
