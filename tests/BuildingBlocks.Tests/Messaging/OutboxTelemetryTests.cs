using System.Diagnostics;
using BuildingBlocks.Hosting;
using BuildingBlocks.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry.Trace;
using TestSupport;

namespace BuildingBlocks.Tests.Messaging;

/// <summary>
/// Traces, backlog metrics and readiness of the outbox over real PostgreSQL and RabbitMQ: two services, each with
/// its own database, on one vhost, in this process so that an in-memory exporter sees both.
/// </summary>
public sealed class OutboxTelemetryTests : IAsyncLifetime
{
    private static readonly TimeSpan NeverPolls = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly List<OutboxService> _services = [];
    private readonly List<string> _databases = [];
    private string _virtualHost = "";

    public async Task InitializeAsync() => _virtualHost = await Servers.CreateVirtualHost("otel");

    public async Task DisposeAsync()
    {
        foreach (var service in _services) await service.DisposeAsync();
        await Servers.DeleteVirtualHost(_virtualHost);
        foreach (var database in _databases) await Servers.DropDatabase(database);
    }

    private async Task<OutboxService> Service(string name, Received received, SpanLog? spans = null,
        bool dispatch = true, Dictionary<string, string?>? settings = null)
    {
        var database = await OutboxService.CreateDatabase();
        _databases.Add(database);
        var service = await OutboxService.Start(database, _virtualHost, received, NeverPolls, dispatch, builder =>
        {
            foreach (var (key, value) in settings ?? []) builder.Configuration[key] = value;
            if (spans is null) return;
            builder.Configuration["Telemetry:Tracing"] = "true";
            builder.Services.AddServiceTelemetry(builder.Configuration, name);
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
        }, service: name, queue: $"{name.ToLowerInvariant()}-recording");
        _services.Add(service);
        return service;
    }

    [Fact]
    public async Task The_consumer_in_another_service_continues_the_trace_of_the_request_that_wrote_the_outbox_row()
    {
        var writerName = $"Writer{Guid.NewGuid():N}";
        var readerName = $"Reader{Guid.NewGuid():N}";
        var writerSpans = new SpanLog();
        var readerSpans = new SpanLog();
        var readerReceived = new Received();
        var writer = await Service(writerName, new Received(), writerSpans);
        await Service(readerName, readerReceived, readerSpans);

        List<Guid> sent;
        ActivityTraceId requestTrace;
        // Stands for the request that changed state and wrote the event; the dispatcher publishes it on its own loop.
        using (var request = ServiceTelemetry.Source.StartActivity("POST /api/referrals/{id}/accept", ActivityKind.Server)!)
        {
            requestTrace = request.TraceId;
            sent = await writer.Commit();
        }

        await Eventually.Until(() => Task.FromResult(readerReceived.All(sent)), Deadline, "the event in the other service");
        var stored = await writer.InDb(db => db.Outbox.Where(m => m.MessageId == sent[0]).Select(m => m.TraceParent).SingleAsync());
        Assert.Equal($"{requestTrace}", stored?.Split('-')[1]);
        Assert.Equal(requestTrace, readerReceived.TraceOf(sent[0]));
        await Eventually.Until(() => Task.FromResult(readerSpans.Snapshot().Any(span =>
            span.Source.Name == "MassTransit" && span.Kind == ActivityKind.Consumer && span.TraceId == requestTrace)),
            Deadline, "the reader's consume span exported in the request's trace");
        Assert.Contains(writerSpans.Snapshot(), span => span.Source.Name == ServiceTelemetry.Name
                                                       && span.DisplayName.StartsWith("outbox publish", StringComparison.Ordinal)
                                                       && span.TraceId == requestTrace);
    }

    [Fact]
    public async Task The_backlog_gauges_and_readiness_follow_the_unsent_rows()
    {
        var name = $"Backlog{Guid.NewGuid():N}";
        var service = await Service(name, new Received(), dispatch: false, settings: new()
        {
            ["Outbox:BacklogProbeInterval"] = "00:00:00.200",
            ["Outbox:BacklogDegradedAfter"] = "00:00:00",
        });
        await Eventually.Until(() => Task.FromResult(MessagingMetrics.Reading(name) is { Unsent: 0 }), Deadline, "the first reading");
        Assert.Equal(HealthStatus.Healthy, (await Readiness(service)).Entries[$"{name}-outbox-backlog"].Status);

        await service.Commit(3);

        await Eventually.Until(() => Task.FromResult(MessagingMetrics.Reading(name) is { Unsent: 3, OldestAge.Ticks: > 0 }),
            Deadline, "the backlog of three");
        var report = await Readiness(service);
        Assert.Equal(HealthStatus.Degraded, report.Entries[$"{name}-outbox-backlog"].Status);
        Assert.Contains(report.Entries, entry => entry.Key == "masstransit-bus" && entry.Value.Status == HealthStatus.Healthy);
    }

    private static Task<HealthReport> Readiness(OutboxService service) =>
        service.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Tags.Contains("ready"));
}

/// <summary>The spans one service exported; the exporter adds from whichever thread ends a span.</summary>
public sealed class SpanLog : System.Collections.ObjectModel.Collection<Activity>
{
    private readonly Lock _lock = new();

    protected override void InsertItem(int index, Activity item)
    {
        lock (_lock) base.InsertItem(index, item);
    }

    public List<Activity> Snapshot()
    {
        lock (_lock) return [.. Items];
    }
}
