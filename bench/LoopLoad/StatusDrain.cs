using System.Diagnostics;
using System.Globalization;
using Contracts.Referrals;
using MassTransit;
using Npgsql;

namespace LoopLoad;

/// <summary>One drain: how the consumer was set up, how many events, and how long from its first commit to its last.</summary>
public sealed record DrainResult(string Setup, int Events, double Seconds, int Batches)
{
    public double EventsPerSecond => Events / Seconds;
}

/// <summary>
/// Feedback's busiest consumer alone, over the run's own PostgreSQL and RabbitMQ: with Feedback stopped, the
/// "requested", "accepted" and "in-progress" events of many referrals are published onto its queue; Feedback is started
/// with a given setting and the time from its first inbox commit for them to its last is the drain. Setups run one
/// after another in the same run, on the same servers, so their ratio holds even where absolute figures are noisy.
/// </summary>
public static class StatusDrain
{
    private const string Consumer = "ReferralStatusChangedConsumer";

    public static async Task<DrainResult> Run(PrivateSystem system, string setup, IReadOnlyDictionary<string, string> settings, int referrals,
        Action<string> log)
    {
        await system.Kill("Feedback");
        var published = await Publish(system, referrals);
        log($"{setup}: {published} events queued; starting Feedback");
        var clock = Stopwatch.StartNew();
        await system.Restart("Feedback", settings);
        await using var db = new NpgsqlConnection(system.Database("Feedback"));
        await db.OpenAsync();
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (await Count(db) < published)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{setup}: {await Count(db)} of {published} events applied after 10 minutes");
            await Task.Delay(250);
        }
        log($"{setup}: drained {clock.Elapsed.TotalSeconds:0.0} s after the start");

        await using var span = new NpgsqlCommand(
            "SELECT extract(epoch FROM max(processed_at) - min(processed_at)), count(DISTINCT processed_at) FROM inbox_messages WHERE consumer = @consumer", db);
        span.Parameters.AddWithValue("consumer", Consumer);
        await using var reader = await span.ExecuteReaderAsync();
        await reader.ReadAsync();
        var seconds = Math.Max(reader.GetDouble(0), 0.001);
        var batches = (int)reader.GetInt64(1);
        await reader.DisposeAsync();
        await using var clear = new NpgsqlCommand("DELETE FROM inbox_messages WHERE consumer = @consumer", db);
        clear.Parameters.AddWithValue("consumer", Consumer);
        await clear.ExecuteNonQueryAsync();
        return new DrainResult(setup, published, seconds, batches);
    }

    private static async Task<long> Count(NpgsqlConnection db)
    {
        await using var count = new NpgsqlCommand("SELECT count(*) FROM inbox_messages WHERE consumer = @consumer", db);
        count.Parameters.AddWithValue("consumer", Consumer);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>Each referral's three moves, published in order with distinct MessageIds, as Referrals' outbox would.</summary>
    private static async Task<int> Publish(PrivateSystem system, int referrals)
    {
        Environment.SetEnvironmentVariable("MASSTRANSIT_USAGE_TELEMETRY", "false"); // no reports to the vendor, as in the services
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(system.Rabbit.Host, (ushort)system.Rabbit.Port, system.Rabbit.VirtualHost, host =>
        {
            host.Username("guest");
            host.Password("guest");
        }));
        await bus.StartAsync();
        try
        {
            var organisation = Guid.NewGuid();
            var service = Guid.NewGuid();
            var now = DateTimeOffset.UtcNow;
            var events = Enumerable.Range(0, referrals).SelectMany(i =>
            {
                var referral = Guid.NewGuid();
                var referrer = $"drain-{i.ToString(CultureInfo.InvariantCulture)}";
                return new[]
                {
                    new ReferralStatusChanged(referral, service, organisation, referrer, "draft", "requested", null, referrer, true, now),
                    new ReferralStatusChanged(referral, service, organisation, referrer, "requested", "accepted", null, "provider", true, now.AddSeconds(1)),
                    new ReferralStatusChanged(referral, service, organisation, referrer, "accepted", "in-progress", null, "system", true, now.AddSeconds(2)),
                };
            }).ToList();
            foreach (var chunk in events.Chunk(500)) await bus.PublishBatch(chunk);
            return events.Count;
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    public static string Markdown(IReadOnlyList<DrainResult> results, Machine machine, int referrals) => string.Join('\n',
    [
        $"# Feedback's status consumer draining {referrals * 3:N0} events",
        "",
        $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `dotnet run --project bench/LoopLoad -c Release -- drain --referrals {referrals}`: " +
        "with Feedback stopped, each referral's \"requested\", \"accepted\" and \"in-progress\" were published onto its queue; Feedback was " +
        "started with each setup in turn (same servers, one after another) and timed from its first inbox commit of them to its last. " +
        machine.Markdown(),
        "",
        "| setup | events | seconds | events a second | commits (distinct batch times) | ratio to the first |",
        "|---|---|---|---|---|---|",
        .. results.Select(r => $"| {r.Setup} | {r.Events:N0} | {r.Seconds:0.0} | {r.EventsPerSecond:0} | {r.Batches:N0} | " +
                               $"{r.EventsPerSecond / results[0].EventsPerSecond:0.00} |"),
        "",
    ]);
}
