using System.Diagnostics;
using System.Globalization;

namespace LoopLoad;

/// <summary>One fault: when it began, when everything was back, and how many referrals were in the loop when it hit.</summary>
public sealed record FaultEvent(string Fault, double StartedSeconds, double RecoveredSeconds, int InFlight);

public sealed record FaultRunResult(IReadOnlyList<Trace> Traces, IReadOnlyList<FaultEvent> Faults, Verdict Verdict,
    IReadOnlyList<Sample> Samples, double Seconds);

/// <summary>
/// Referrals through the loop at a fixed rate while, one after another, each service is SIGKILLed and started again,
/// RabbitMQ is restarted and PostgreSQL is restarted; then, once the system has drained, the final state is checked
/// (<see cref="Verdict"/>). The servers are the run's own (<see cref="PrivateSystem"/>), so restarting them disturbs
/// nothing else on the machine.
/// </summary>
public static class FaultRun
{
    /// <param name="count">at least this many referrals; arrivals go on at the rate until the last fault is over, so every fault
    /// hits a loop with referrals in it however fast or slow the machine restarts things.</param>
    /// <param name="budget">no referral waits past this (from the start): the run always ends, and stops what it started.</param>
    public static async Task<FaultRunResult> Run(PrivateSystem system, int count, double rate, Action<string> log,
        TimeSpan? budget = null, TimeSpan? poll = null)
    {
        var clock = Stopwatch.StartNew();
        using var client = new LoopClient(system, clock) { Poll = poll ?? TimeSpan.FromMilliseconds(250) };
        await client.SetUp(TimeSpan.FromMinutes(2));
        clock.Restart();
        var loop = new OpenLoop(client, clock);
        var sampler = new DepthSampler(system, clock, () => loop.Progress);
        using var stopSampling = new CancellationTokenSource();
        var sampling = sampler.Run(stopSampling.Token);

        // Patience is long: a referral caught by a fault waits for the restart and then for the backlog to drain.
        var faultsOver = false;
        var giveUpAt = DateTime.UtcNow + (budget ?? TimeSpan.FromMinutes(15));
        var arrivals = loop.Run(count, rate, TimeSpan.FromMinutes(5), keepGoing: () => !faultsOver, giveUpAt: giveUpAt);
        using var progress = new Timer(_ =>
        {
            var p = loop.Progress;
            log($"{clock.Elapsed.TotalSeconds,6:0.0}s  started {p.Started}, in the loop {p.InFlight}, told {p.Told}, lost {p.Lost}");
        }, null, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15));
        var faults = new List<FaultEvent>();
        (string Name, Func<Task> Inject)[] plan =
        [
            ("SIGKILL Referrals, start it again", () => system.KillAndRestart("Referrals", TimeSpan.FromSeconds(1))),
            ("SIGKILL Feedback, start it again", () => system.KillAndRestart("Feedback", TimeSpan.FromSeconds(1))),
            ("restart RabbitMQ (stop the node, start it)", system.RestartRabbit),
            ("restart PostgreSQL (pg_ctl restart -m fast)", system.RestartPostgres),
            ("SIGKILL Directory, start it again", () => system.KillAndRestart("Directory", TimeSpan.FromSeconds(1))),
        ];
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            foreach (var (name, inject) in plan)
            {
                var at = clock.Elapsed.TotalSeconds;
                var inFlight = loop.Progress.InFlight;
                log($"{at,6:0.0}s  {name} ({inFlight} referrals in the loop)");
                await inject();
                faults.Add(new FaultEvent(name, at, clock.Elapsed.TotalSeconds, inFlight));
                log($"{clock.Elapsed.TotalSeconds,6:0.0}s  back");
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
        finally
        {
            faultsOver = true; // a fault that could not be undone (a service that would not start) ends the arrivals too
        }
        var traces = await arrivals;
        log($"{clock.Elapsed.TotalSeconds,6:0.0}s  every referral finished: {traces.Count(t => t.WasTold)} told, {traces.Count(t => !t.WasTold)} not");

        await Drain(sampler, TimeSpan.FromSeconds(90));
        await stopSampling.CancelAsync();
        await sampling;
        var verdict = await Verdict.Check(system, client, traces);
        return new FaultRunResult(traces, faults, verdict, sampler.Samples, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Waits until no outbox row is unsent, no notification due is unsent and no queue holds a ready message.</summary>
    private static async Task Drain(DepthSampler sampler, TimeSpan timeout)
    {
        var from = DateTime.UtcNow;
        while (DateTime.UtcNow - from < timeout)
        {
            var last = sampler.Samples.LastOrDefault();
            // A sample taken after this wait began, so it cannot be one from before the last referral finished.
            if (last is not null && DateTime.UtcNow - from > TimeSpan.FromSeconds(2)
                && ILoopSystem.Services.All(s => last.Depths.GetValueOrDefault(DepthSampler.OutboxSeries(s), double.NaN) == 0)
                && last.Depths.GetValueOrDefault(DepthSampler.UndeliveredSeries, double.NaN) == 0
                && last.Depths.GetValueOrDefault(DepthSampler.QueuedSeries, double.NaN) == 0)
                return;
            await Task.Delay(1000);
        }
    }

    public static string Markdown(FaultRunResult result, int count, double rate, Machine machine)
    {
        var inv = CultureInfo.InvariantCulture;
        var v = result.Verdict;
        var lines = new List<string>
        {
            $"# The loop through faults: {result.Traces.Count:N0} referrals at {rate.ToString(inv)} a second",
            "",
            $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC with `dotnet run --project bench/LoopLoad -c Release -- faults --count {count} --rate {rate.ToString(inv)}` " +
            $"(at least {count:N0}; arrivals go on until the last fault is over), " +
            $"on servers of the run's own (a PostgreSQL cluster and a RabbitMQ node started for it; the services as run-distributed.sh starts them). {machine.Markdown()}",
            "",
            "| time (s) | fault | referrals in the loop | everything back after (s) |",
            "|---|---|---|---|",
        };
        lines.AddRange(result.Faults.Select(f => string.Format(inv, "| {0:0.0} | {1} | {2} | {3:0.0} |", f.StartedSeconds, f.Fault, f.InFlight, f.RecoveredSeconds - f.StartedSeconds)));
        lines.Add("");
        lines.Add(v.Markdown());
        return string.Join('\n', lines) + "\n";
    }
}
