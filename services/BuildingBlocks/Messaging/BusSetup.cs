using BuildingBlocks.Hosting;
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
    /// <summary>Messages the broker hands each queue's consumer ahead of its acks (docs/RELIABILITY.md, Sizing).</summary>
    public ushort PrefetchCount { get; set; } = 16;
    /// <summary>Messages of one queue handled at once, each holding a database connection for its transaction.</summary>
    public int ConcurrentMessageLimit { get; set; } = 8;
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
        services.Configure<BatchSettings>(configuration.GetSection("Bus:Batch"));
        // Start-up completes only once the bus and every receive endpoint are up (the outbox waits for that).
        services.AddOptions<MassTransitHostOptions>().Configure(options => options.WaitUntilStarted = true);
        var transport = configuration.GetValue("Bus:Transport", BusTransport.InMemory);
        AddErrorQueues(services, configuration, transport);

        services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            // No usage reports to the vendor: this runs inside NHS networks and must not call out unasked.
            bus.ConfigureUsageTelemetryOptions(options => options.Enabled = false);
            // Readiness fails while the bus or any receive endpoint is down (the broker unreachable): the pod leaves
            // the load balancer rather than taking requests whose events could not be consumed.
            bus.ConfigureHealthCheckOptions(options =>
            {
                options.Name = "masstransit-bus";
                options.Tags.Add("ready");
                options.MinimalFailureStatus = Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy;
            });
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
                    cfg.PrefetchCount = rabbit.PrefetchCount;
                    cfg.ConcurrentMessageLimit = rabbit.ConcurrentMessageLimit;
                    ConfigureRetries(cfg);
                    cfg.UseConsumeFilter(typeof(ReferralLogScopeFilter<>), context);
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, cfg) =>
                {
                    ConfigureRetries(cfg);
                    cfg.UseConsumeFilter(typeof(ReferralLogScopeFilter<>), context);
                    cfg.ConfigureEndpoints(context);
                });
            }
        });
        return services;
    }

    /// <summary>
    /// Registers a service's consumers on queues named for the service ("referrals-service-listed"), so each
    /// service gets its own copy of an event even where two services name their consumers alike. A batch consumer
    /// (<see cref="InboxBatchConsumer{TMessage,TDb}"/>) gets its batch settings from <see cref="InboxBatchDefinition{TConsumer}"/>.
    /// </summary>
    public static void AddServiceConsumers(this IBusRegistrationConfigurator bus, string serviceName, System.Reflection.Assembly assembly)
    {
        var queues = new List<string>();
        var consumers = assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IConsumer)));
        foreach (var consumer in consumers)
        {
            var queue = $"{serviceName.ToLowerInvariant()}-{KebabCaseEndpointNameFormatter.Instance.SanitizeName(consumer.Name.Replace("Consumer", ""))}";
            var definition = IsBatchConsumer(consumer) ? typeof(InboxBatchDefinition<>).MakeGenericType(consumer) : null;
            bus.AddConsumer(consumer, definition).Endpoint(endpoint => endpoint.Name = queue);
            queues.Add(queue);
        }
        // The error-queue gauge and the operators' tools find each service's queues here (ErrorQueues.cs).
        bus.AddSingleton(new ErrorQueueOwner(serviceName, queues));
    }

    /// <summary>
    /// Error queues are read on RabbitMQ only (their depth every <c>ErrorQueues:ProbeInterval</c>, for the gauge); the
    /// in-memory transport's live inside the process and report nothing.
    /// </summary>
    private static void AddErrorQueues(IServiceCollection services, IConfiguration configuration, BusTransport transport)
    {
        if (transport != BusTransport.RabbitMq)
        {
            services.AddSingleton<IErrorQueues, InMemoryErrorQueues>();
            return;
        }
        services.Configure<ErrorQueueOptions>(configuration.GetSection("ErrorQueues"));
        services.AddSingleton<IErrorQueues>(_ =>
            new RabbitMqErrorQueues(configuration.GetSection("Bus:RabbitMq").Get<RabbitMqSettings>() ?? new RabbitMqSettings()));
        services.AddSweep(provider => new SweepSchedule<ErrorQueueDepthSweep>(
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ErrorQueueOptions>>().Value.ProbeInterval));
    }

    private static bool IsBatchConsumer(Type consumer) =>
        consumer.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>)
                                          && i.GetGenericArguments()[0] is { IsGenericType: true } message
                                          && message.GetGenericTypeDefinition() == typeof(Batch<>));

    // Immediate retries ride out lock contention and duplicate-inbox races; what still fails lands in the
    // endpoint's _error queue, from which an operator can move it back (docs/DEPLOY.md).
    private static void ConfigureRetries(IBusFactoryConfigurator cfg) =>
        cfg.UseMessageRetry(retry => retry.Intervals(
            TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2),
            TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15)));
}
