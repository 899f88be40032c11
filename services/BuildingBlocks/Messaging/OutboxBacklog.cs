using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using BuildingBlocks.Hosting;
using BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BuildingBlocks.Messaging;

/// <summary>What a service's outbox holds back: unsent rows and how long the oldest has waited.</summary>
public sealed record OutboxBacklogReading(long Unsent, TimeSpan OldestAge, DateTimeOffset MeasuredAt);

/// <summary>
/// The last backlog reading of each service's outbox (by service name), measured by <see cref="OutboxBacklogSweep{TDb}"/>
/// and read by the <c>outbox.backlog</c> gauges and the readiness check, so neither a scrape nor a probe queries the
/// database. The messaging counters of every service are here too, on the one meter (<see cref="ServiceTelemetry.Meter"/>).
/// </summary>
public static class MessagingMetrics
{
    private static readonly ConcurrentDictionary<string, OutboxBacklogReading> Readings = new();

    private static readonly Counter<long> DuplicatesSkipped = ServiceTelemetry.Meter.CreateCounter<long>(
        "inbox.duplicates_skipped", "{message}", "Messages a consumer had already handled (a redelivery or a re-send), dropped by its inbox.");

    static MessagingMetrics()
    {
        ServiceTelemetry.Meter.CreateObservableGauge("outbox.backlog", () => Readings.Select(r =>
            new Measurement<long>(r.Value.Unsent, new KeyValuePair<string, object?>("service", r.Key))),
            "{message}", "Outbox rows not yet confirmed by the broker.");
        ServiceTelemetry.Meter.CreateObservableGauge("outbox.oldest_unsent.age", () => Readings.Select(r =>
            new Measurement<double>(r.Value.OldestAge.TotalSeconds, new KeyValuePair<string, object?>("service", r.Key))),
            "s", "How long the oldest unsent outbox row has waited (0 when none).");
    }

    public static void Record(string service, OutboxBacklogReading reading) => Readings[service] = reading;

    public static OutboxBacklogReading? Reading(string service) => Readings.GetValueOrDefault(service);

    public static void DuplicateSkipped(string consumer, int count = 1) =>
        DuplicatesSkipped.Add(count, new KeyValuePair<string, object?>("consumer", consumer));
}

/// <summary>Measures a service's outbox backlog (<see cref="OutboxOptions.BacklogProbeInterval"/>); one indexed query.</summary>
public sealed class OutboxBacklogSweep<TDb>(TDb db, OutboxOwner<TDb> service) : ISweep where TDb : ServiceDbContext
{
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var unsent = db.Outbox.Where(m => m.SentAt == null);
        var count = await unsent.LongCountAsync(cancellationToken);
        // The oldest by sequence, which the (sent_at, sequence) index finds without a scan.
        var oldest = count == 0 ? (DateTimeOffset?)null
            : await unsent.OrderBy(m => m.Sequence).Select(m => (DateTimeOffset?)m.OccurredAt).FirstOrDefaultAsync(cancellationToken);
        var age = oldest is { } at && at < now ? now - at : TimeSpan.Zero;
        MessagingMetrics.Record(service.Name, new OutboxBacklogReading(count, age, now));
        return 0;
    }
}

/// <summary>The service that owns the outbox of <typeparamref name="TDb"/> (one process may host several).</summary>
public sealed record OutboxOwner<TDb>(string Name) where TDb : ServiceDbContext;

/// <summary>
/// Degraded (still ready, still 200) when the oldest unsent outbox row is older than
/// <see cref="OutboxOptions.BacklogDegradedAfter"/>: events are waiting on the broker or a stuck dispatcher.
/// </summary>
public sealed class OutboxBacklogHealthCheck(string service, IOptions<OutboxOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var reading = MessagingMetrics.Reading(service);
        var threshold = options.Value.BacklogDegradedAfter;
        return Task.FromResult(reading is null || reading.OldestAge <= threshold
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded(
                $"{reading.Unsent} outbox messages unsent; the oldest has waited {reading.OldestAge.TotalSeconds:0} s (over {threshold.TotalSeconds:0} s)."));
    }
}
