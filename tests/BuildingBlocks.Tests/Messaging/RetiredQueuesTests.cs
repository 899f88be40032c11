using BuildingBlocks.Messaging;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using TestSupport;

namespace BuildingBlocks.Tests.Messaging;

/// <summary>
/// A retired consumer's queue, as MassTransit left it on a real RabbitMQ (an exchange of its name bound to the event's,
/// the queue bound to that), is gone after a start: it no longer collects a copy of each event. Its error queue stays
/// while it holds a fault.
/// </summary>
public sealed class RetiredQueuesTests : IAsyncLifetime
{
    private const string Retired = "feedback-insight-something-happened";
    private const string EventExchange = "Contracts:SomethingHappened";
    private string _virtualHost = "";
    private IConnection? _connection;

    public async Task InitializeAsync()
    {
        _virtualHost = await Servers.CreateVirtualHost("retired");
        _connection = await Factory().CreateConnectionAsync();
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        await Servers.DeleteVirtualHost(_virtualHost);
    }

    [Fact]
    public async Task A_retired_queue_and_its_exchange_are_deleted_and_an_error_queue_holding_a_fault_is_kept()
    {
        await using var channel = await _connection!.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(EventExchange, ExchangeType.Fanout, durable: true);
        await channel.ExchangeDeclareAsync(Retired, ExchangeType.Fanout, durable: true);
        await channel.ExchangeBindAsync(Retired, EventExchange, "");
        await channel.QueueDeclareAsync(Retired, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(Retired, Retired, "");
        await channel.QueueDeclareAsync(Retired + "_error", durable: true, exclusive: false, autoDelete: false);
        await channel.QueueDeclareAsync(Retired + "_skipped", durable: true, exclusive: false, autoDelete: false);
        await channel.BasicPublishAsync(EventExchange, "", new byte[] { 1 });
        await channel.BasicPublishAsync("", Retired + "_error", new byte[] { 2 });
        await Eventually.Until(async () => await Depth(Retired) == 1 && await Depth(Retired + "_error") == 1,
            TimeSpan.FromSeconds(30), "the event and the fault to be in their queues");

        await new RetiredQueues([Retired], Settings(), NullLogger<RetiredQueues>.Instance).StartAsync(default);

        Assert.Null(await Depth(Retired));
        Assert.Null(await Depth(Retired + "_skipped"));
        Assert.Equal(1u, await Depth(Retired + "_error"));
        Assert.False(await ExchangeExists(Retired));
        Assert.True(await ExchangeExists(EventExchange));

        // A second start finds nothing to do and does not fail.
        await new RetiredQueues([Retired], Settings(), NullLogger<RetiredQueues>.Instance).StartAsync(default);
        Assert.Equal(1u, await Depth(Retired + "_error"));
    }

    private RabbitMqSettings Settings() => new() { Host = "127.0.0.1", VirtualHost = _virtualHost };

    private ConnectionFactory Factory() => new() { HostName = "127.0.0.1", VirtualHost = _virtualHost, UserName = "guest", Password = "guest" };

    private async Task<uint?> Depth(string queue)
    {
        await using var channel = await _connection!.CreateChannelAsync();
        try { return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount; }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404) { return null; }
    }

    private async Task<bool> ExchangeExists(string exchange)
    {
        await using var channel = await _connection!.CreateChannelAsync();
        try
        {
            await channel.ExchangeDeclarePassiveAsync(exchange);
            return true;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404) { return false; }
    }
}
