using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using BuildingBlocks.Hosting;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace BuildingBlocks.Messaging;

/// <summary>The receive queues of one service (registered by <see cref="BusSetup.AddServiceConsumers"/>); each has an <c>_error</c> queue.</summary>
public sealed record ErrorQueueOwner(string Service, IReadOnlyList<string> Queues)
{
    public const string Suffix = "_error";
    public IEnumerable<string> ErrorQueues => Queues.Select(q => q + Suffix);
}

/// <summary>
/// One message in an error queue as an operator sees it: what it was, when it faulted and why, the referral it is
/// about. Never the body: it may carry a person's details.
/// </summary>
public sealed record ErrorQueueMessage(Guid MessageId, string MessageType, DateTimeOffset? FaultedAt,
    string? ExceptionType, string? ExceptionMessage, Guid? ReferralId);

public sealed record ErrorQueueView(string Queue, string SourceQueue, long Depth, IReadOnlyList<ErrorQueueMessage> Messages);

/// <param name="Inspectable">False on the in-memory transport, whose error queues live in the process and cannot be read.</param>
public sealed record ErrorQueuesView(string Service, string Transport, bool Inspectable, IReadOnlyList<ErrorQueueView> Queues);

/// <summary>
/// A service's error queues on the broker: their depth, the messages in them, and the operator's two moves: retry
/// (back to the queue it failed from; consumers are idempotent through their inbox, so at least once is safe) and
/// discard. The in-memory transport (<see cref="InMemoryErrorQueues"/>) knows none of this.
/// </summary>
public interface IErrorQueues
{
    string Transport { get; }
    bool Inspectable { get; }
    /// <summary>The number of messages waiting in the queue; 0 when the broker has not declared it (nothing ever faulted).</summary>
    Task<long> DepthAsync(string errorQueue, CancellationToken cancellationToken);
    Task<IReadOnlyList<ErrorQueueMessage>> PeekAsync(string errorQueue, int max, CancellationToken cancellationToken);
    /// <summary>Takes the message out of the error queue, after (for a retry) its copy has been confirmed in <paramref name="moveTo"/>.</summary>
    /// <returns>The message taken; null when it is not (or no longer) in the queue.</returns>
    Task<ErrorQueueMessage?> TakeAsync(string errorQueue, Guid messageId, string? moveTo, CancellationToken cancellationToken);
}

/// <summary>Nothing to read: the in-memory transport keeps its faulted messages inside the process (tests, the embedded demo).</summary>
public sealed class InMemoryErrorQueues : IErrorQueues
{
    public string Transport => "in-memory";
    public bool Inspectable => false;
    public Task<long> DepthAsync(string errorQueue, CancellationToken cancellationToken) => Task.FromResult(0L);
    public Task<IReadOnlyList<ErrorQueueMessage>> PeekAsync(string errorQueue, int max, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ErrorQueueMessage>>([]);
    public Task<ErrorQueueMessage?> TakeAsync(string errorQueue, Guid messageId, string? moveTo, CancellationToken cancellationToken) =>
        Task.FromResult<ErrorQueueMessage?>(null);
}

/// <summary>
/// Reads and moves error-queue messages over AMQP with its own connection (RabbitMQ.Client, which MassTransit
/// brings): a passive declare for the depth, <c>basic.get</c> without auto-ack to look, so a message is only ever
/// removed by an ack after its copy is confirmed. Messages looked at and left are returned to the queue (its head,
/// in order) by a requeue (or, should the process die, when the channel closes); the broker applies the return a
/// moment later, so a depth read just then counts them out. On RabbitMQ 4 quorum queues count those returns towards
/// <c>x-delivery-limit</c> (default 20 there): give the <c>_error</c> queues a policy without one (docs/OPERATIONS.md).
/// </summary>
public sealed class RabbitMqErrorQueues(RabbitMqSettings settings) : IErrorQueues, IAsyncDisposable
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private IConnection? _connection;

    public string Transport => "rabbitmq";
    public bool Inspectable => true;

    public async Task<long> DepthAsync(string errorQueue, CancellationToken cancellationToken)
    {
        await using var channel = await ChannelAsync(cancellationToken);
        try { return (await channel.QueueDeclarePassiveAsync(errorQueue, cancellationToken)).MessageCount; }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404) { return 0; }
    }

    public async Task<IReadOnlyList<ErrorQueueMessage>> PeekAsync(string errorQueue, int max, CancellationToken cancellationToken)
    {
        var found = new List<ErrorQueueMessage>();
        await Walk(errorQueue, max, (_, message) => { found.Add(message); return Task.FromResult(false); }, cancellationToken);
        return found;
    }

    public async Task<ErrorQueueMessage?> TakeAsync(string errorQueue, Guid messageId, string? moveTo, CancellationToken cancellationToken)
    {
        ErrorQueueMessage? taken = null;
        await Walk(errorQueue, int.MaxValue, async (delivery, message) =>
        {
            if (message.MessageId != messageId) return false;
            if (moveTo is not null)
                await delivery.Channel.BasicPublishAsync("", moveTo, mandatory: true, Redriven(delivery.Get.BasicProperties),
                    delivery.Get.Body, cancellationToken);
            await delivery.Channel.BasicAckAsync(delivery.Get.DeliveryTag, multiple: false, cancellationToken);
            taken = message;
            return true;
        }, cancellationToken);
        return taken;
    }

    private sealed record Delivery(IChannel Channel, BasicGetResult Get);

    /// <summary>
    /// Gets the queue's messages one by one, at most as many as it held at the start, until <paramref name="visit"/>
    /// says it is done; whatever was not acked goes back when the channel closes.
    /// </summary>
    private async Task Walk(string errorQueue, int max, Func<Delivery, ErrorQueueMessage, Task<bool>> visit, CancellationToken cancellationToken)
    {
        // Publisher confirms with tracking: a publish returns once the broker has the copy (and throws if it refused it).
        await using var channel = await ChannelAsync(cancellationToken, confirms: true);
        long depth;
        try { depth = (await channel.QueueDeclarePassiveAsync(errorQueue, cancellationToken)).MessageCount; }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404) { return; }
        ulong? lastLeft = null;
        for (var i = 0L; i < Math.Min(depth, max); i++)
        {
            var get = await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken);
            if (get is null) break;
            if (await visit(new Delivery(channel, get), Describe(get))) break;
            lastLeft = get.DeliveryTag;
        }
        // Every message looked at and left goes back (the one taken, if any, was acked after them all).
        if (lastLeft is { } tag) await channel.BasicNackAsync(tag, multiple: true, requeue: true, cancellationToken);
        await channel.CloseAsync(cancellationToken);
    }

    private static BasicProperties Redriven(IReadOnlyBasicProperties original)
    {
        var properties = new BasicProperties(original);
        if (properties.Headers is { } headers)
            foreach (var key in headers.Keys.Where(k => k.StartsWith("MT-Fault-", StringComparison.Ordinal)
                                                        || k is "MT-Reason" or "x-delivery-count").ToList())
                headers.Remove(key);
        return properties;
    }

    /// <summary>The envelope's message id, type and referral id, and MassTransit's fault headers; nothing else of the body is kept.</summary>
    internal static ErrorQueueMessage Describe(BasicGetResult get)
    {
        var properties = get.BasicProperties;
        var messageId = Guid.TryParse(properties.MessageId, out var id) ? id : Guid.Empty;
        var type = "unknown";
        Guid? referralId = null;
        try
        {
            using var envelope = JsonDocument.Parse(get.Body);
            var root = envelope.RootElement;
            if (messageId == Guid.Empty && root.TryGetProperty("messageId", out var idProperty) && idProperty.TryGetGuid(out var envelopeId))
                messageId = envelopeId;
            if (root.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0)
                type = (types[0].GetString() ?? type).Split(':')[^1];
            if (root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
                && message.TryGetProperty("referralId", out var referral) && referral.TryGetGuid(out var referralGuid))
                referralId = referralGuid;
        }
        catch (JsonException)
        {
            // Not a MassTransit JSON envelope: shown by its id and headers only.
        }
        var faultedAt = DateTimeOffset.TryParse(Header(properties, "MT-Fault-Timestamp"), out var at) ? at
            : properties.Timestamp.UnixTime > 0 ? DateTimeOffset.FromUnixTimeSeconds(properties.Timestamp.UnixTime) : (DateTimeOffset?)null;
        return new ErrorQueueMessage(messageId, type, faultedAt, Header(properties, "MT-Fault-ExceptionType"),
            Truncate(Header(properties, "MT-Fault-Message"), 500), referralId);
    }

    private static string? Header(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers?.TryGetValue(name, out var value) == true
            ? value switch { byte[] bytes => Encoding.UTF8.GetString(bytes), string text => text, null => null, _ => value.ToString() }
            : null;

    private static string? Truncate(string? text, int length) => text is { Length: > 0 } && text.Length > length ? text[..length] : text;

    private async Task<IChannel> ChannelAsync(CancellationToken cancellationToken, bool confirms = false)
    {
        var connection = await ConnectionAsync(cancellationToken);
        return await connection.CreateChannelAsync(new CreateChannelOptions(confirms, confirms), cancellationToken);
    }

    private async Task<IConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsOpen: true } open) return open;
        await _connecting.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { IsOpen: true } raced) return raced;
            if (_connection is not null) await _connection.DisposeAsync();
            var factory = new ConnectionFactory
            {
                HostName = settings.Host, Port = settings.Port, VirtualHost = settings.VirtualHost,
                UserName = settings.Username, Password = settings.Password, ClientProvidedName = "error-queue-tools",
            };
            return _connection = await factory.CreateConnectionAsync(cancellationToken);
        }
        finally { _connecting.Release(); }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        _connecting.Dispose();
    }
}

/// <summary>
/// The <c>error_queue.messages</c> gauge: the last depth of each error queue, per service and queue, measured by
/// <see cref="ErrorQueueDepthSweep"/> every <c>ErrorQueues:ProbeInterval</c> (15 s), so a scrape never reaches the broker.
/// </summary>
public static class ErrorQueueMetrics
{
    private static readonly ConcurrentDictionary<(string Service, string Queue), long> Depths = new();

    static ErrorQueueMetrics() =>
        ServiceTelemetry.Meter.CreateObservableGauge("error_queue.messages", () => Depths.Select(d =>
            new Measurement<long>(d.Value, new KeyValuePair<string, object?>("service", d.Key.Service),
                new KeyValuePair<string, object?>("queue", d.Key.Queue))),
            "{message}", "Messages waiting in a service's MassTransit error queue (<queue>_error).");

    public static void Record(string service, string queue, long depth) => Depths[(service, queue)] = depth;

    public static long? Depth(string service, string queue) => Depths.TryGetValue((service, queue), out var depth) ? depth : null;
}

public sealed class ErrorQueueOptions
{
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>Measures every error queue of the services in this process: one passive declare per queue.</summary>
public sealed class ErrorQueueDepthSweep(IEnumerable<ErrorQueueOwner> owners, IErrorQueues queues) : ISweep
{
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var owner in owners)
            foreach (var queue in owner.ErrorQueues)
                ErrorQueueMetrics.Record(owner.Service, queue, await queues.DepthAsync(queue, cancellationToken));
        return 0;
    }
}
