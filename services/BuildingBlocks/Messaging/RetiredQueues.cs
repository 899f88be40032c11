using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace BuildingBlocks.Messaging;

/// <summary>
/// Queues a service once consumed from and no longer does. MassTransit declares a queue (and an exchange of the same
/// name, bound to the message type's) for each consumer, and never removes one: a retired consumer's queue would go
/// on collecting a copy of every event for ever. At start, on RabbitMQ, each is deleted with its exchange; how many
/// messages it still held is logged (a count: nothing of what they said). Its error and skipped queues are deleted only
/// when empty, so a fault an operator has not yet looked at is not lost with them.
/// </summary>
public sealed class RetiredQueues(IReadOnlyList<string> queues, RabbitMqSettings settings, ILogger<RetiredQueues> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var factory = new ConnectionFactory
            {
                HostName = settings.Host, Port = settings.Port, VirtualHost = settings.VirtualHost,
                UserName = settings.Username, Password = settings.Password, ClientProvidedName = "retired-queues",
            };
            await using var connection = await factory.CreateConnectionAsync(cancellationToken);
            foreach (var queue in queues)
            {
                if (await DepthAsync(connection, queue, cancellationToken) is { } held)
                {
                    await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                    await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken);
                    logger.LogWarning("Deleted the retired queue {Queue}, which held {Messages} messages", queue, held);
                }
                await using (var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
                    await channel.ExchangeDeleteAsync(queue, ifUnused: false, cancellationToken: cancellationToken);
                foreach (var kept in new[] { queue + ErrorQueueOwner.Suffix, queue + "_skipped" })
                {
                    if (await DepthAsync(connection, kept, cancellationToken) is not { } depth) continue;
                    if (depth > 0)
                    {
                        logger.LogWarning("Kept {Queue} of a retired consumer: it holds {Messages} messages to look at", kept, depth);
                        continue;
                    }
                    await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                    await channel.QueueDeleteAsync(kept, ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken);
                    await using var exchange = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                    await exchange.ExchangeDeleteAsync(kept, ifUnused: false, cancellationToken: cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is BrokerUnreachableException or OperationInterruptedException or AlreadyClosedException)
        {
            // Not a reason to stay down: the queues are looked for again at the next start.
            logger.LogWarning(ex, "Could not remove retired queues; will try again at the next start");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The queue's depth; null when there is no such queue (a passive declare of a missing queue closes its channel).</summary>
    private static async Task<uint?> DepthAsync(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try { return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount; }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404) { return null; }
    }
}

public static class RetiredQueueSetup
{
    /// <summary>Deletes <paramref name="queues"/> (a consumer's queue names, as once registered) at start, on RabbitMQ only.</summary>
    public static IServiceCollection AddRetiredQueues(this IServiceCollection services, IConfiguration configuration, params string[] queues)
    {
        if (configuration.GetValue("Bus:Transport", BusTransport.InMemory) != BusTransport.RabbitMq) return services;
        var settings = configuration.GetSection("Bus:RabbitMq").Get<RabbitMqSettings>() ?? new RabbitMqSettings();
        return services.AddHostedService(provider => new RetiredQueues(queues, settings, provider.GetRequiredService<ILogger<RetiredQueues>>()));
    }
}
