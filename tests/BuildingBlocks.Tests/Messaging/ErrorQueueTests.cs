using System.Diagnostics.Metrics;
using BuildingBlocks.Hosting;
using BuildingBlocks.Messaging;
using Contracts.Feedback;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TestSupport;

namespace BuildingBlocks.Tests.Messaging;

/// <summary>A consumer that fails while <see cref="Failing"/> is set, as a consumer meeting a bug or a bad message does.</summary>
public sealed class FaultingConsumer(FaultSwitch faults) : IConsumer<OutcomeRecorded>
{
    public Task Consume(ConsumeContext<OutcomeRecorded> context)
    {
        if (faults.Failing) throw new InvalidOperationException("The outcome could not be stored");
        faults.Consumed.Add(context.MessageId!.Value);
        return Task.CompletedTask;
    }
}

public sealed class FaultSwitch
{
    public volatile bool Failing = true;
    public System.Collections.Concurrent.ConcurrentBag<Guid> Consumed { get; } = [];
}

/// <summary>
/// The error-queue gauge and the operators' moves over real RabbitMQ: a message that keeps failing lands in the
/// queue's <c>_error</c> queue (after the bus's retries), the gauge counts it, the tools describe it without its body,
/// a retry delivers it again, a discard removes it.
/// </summary>
public sealed class ErrorQueueTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly string _service = $"Faults{Guid.NewGuid():N}";
    private readonly FaultSwitch _faults = new();
    private string _virtualHost = "";
    private IHost? _host;

    private string Queue => $"{_service.ToLowerInvariant()}-faulting";
    private string ErrorQueue => Queue + ErrorQueueOwner.Suffix;

    public async Task InitializeAsync()
    {
        _virtualHost = await Servers.CreateVirtualHost("errors");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bus:Transport"] = "RabbitMq",
            ["Bus:RabbitMq:Host"] = "127.0.0.1",
            ["Bus:RabbitMq:VirtualHost"] = _virtualHost,
            ["ErrorQueues:ProbeInterval"] = "00:00:00.200",
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_faults);
        builder.Services.AddSingleton(new ErrorQueueOwner(_service, [Queue]));
        builder.Services.AddServiceBus(builder.Configuration, bus => bus.AddConsumer<FaultingConsumer>().Endpoint(e => e.Name = Queue));
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        await Servers.DeleteVirtualHost(_virtualHost);
    }

    [Fact]
    public async Task A_faulted_message_moves_the_gauge_is_described_without_its_body_and_a_retry_delivers_it_again()
    {
        using var gauge = new GaugeReader("error_queue.messages");
        await Eventually.Until(() => Task.FromResult(gauge.Read(_service, ErrorQueue) == 0), Deadline, "the first reading of an empty error queue");

        var referralId = Guid.NewGuid();
        var messageId = await Publish(referralId);
        await Eventually.Until(() => Task.FromResult(gauge.Read(_service, ErrorQueue) == 1), Deadline, "the gauge to count the faulted message");

        var queues = _host!.Services.GetRequiredService<IErrorQueues>();
        var listed = Assert.Single(await queues.PeekAsync(ErrorQueue, 50, default));
        Assert.Equal((messageId, "OutcomeRecorded", referralId), (listed.MessageId, listed.MessageType, listed.ReferralId));
        Assert.Equal(typeof(InvalidOperationException).FullName, listed.ExceptionType);
        Assert.Equal("The outcome could not be stored", listed.ExceptionMessage);
        Assert.NotNull(listed.FaultedAt);
        Assert.Equal(1, await queues.DepthAsync(ErrorQueue, default)); // looking returned it to the queue

        _faults.Failing = false;
        Assert.Null(await queues.TakeAsync(ErrorQueue, Guid.NewGuid(), Queue, default)); // an unknown id moves nothing
        var retried = await queues.TakeAsync(ErrorQueue, messageId, Queue, default);
        Assert.Equal(messageId, retried?.MessageId);
        await Eventually.Until(() => Task.FromResult(_faults.Consumed.Contains(messageId)), Deadline, "the retried message consumed");
        await Eventually.Until(() => Task.FromResult(gauge.Read(_service, ErrorQueue) == 0), Deadline, "the gauge back to zero");
    }

    [Fact]
    public async Task A_discarded_message_leaves_the_error_queue_and_is_never_delivered()
    {
        var messageId = await Publish(Guid.NewGuid());
        var queues = _host!.Services.GetRequiredService<IErrorQueues>();
        await Eventually.Until(async () => await queues.DepthAsync(ErrorQueue, default) == 1, Deadline, "the message in the error queue");
        _faults.Failing = false;

        Assert.Equal(messageId, (await queues.TakeAsync(ErrorQueue, messageId, moveTo: null, default))?.MessageId);

        Assert.Equal(0, await queues.DepthAsync(ErrorQueue, default));
        await Task.Delay(TimeSpan.FromSeconds(1)); // a wrongly re-driven message would arrive well within this
        Assert.DoesNotContain(messageId, _faults.Consumed);
    }

    private async Task<Guid> Publish(Guid referralId)
    {
        var messageId = NewId.NextGuid();
        await _host!.Services.GetRequiredService<IBus>().Publish(
            new OutcomeRecorded(referralId, "baseline", 12, null, DateTimeOffset.UtcNow), context => context.MessageId = messageId);
        return messageId;
    }

    /// <summary>Reads an observable gauge of the system's meter as a scrape would (the exporter does the same).</summary>
    private sealed class GaugeReader : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<(string, string), long> _values = [];

        public GaugeReader(string name)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ServiceTelemetry.Name && instrument.Name == name) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                string? service = null, queue = null;
                foreach (var tag in tags)
                    if (tag.Key == "service") service = tag.Value as string;
                    else if (tag.Key == "queue") queue = tag.Value as string;
                _values[(service ?? "", queue ?? "")] = value;
            });
            _listener.Start();
        }

        public long? Read(string service, string queue)
        {
            _values.Clear();
            _listener.RecordObservableInstruments();
            return _values.TryGetValue((service, queue), out var value) ? value : null;
        }

        public void Dispose() => _listener.Dispose();
    }
}
