using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace LoopLoad;

/// <summary>
/// The loop at a sustained rate against the services as deploy/local/run-distributed.sh runs them: each referral
/// through the loop (<see cref="LoopClient"/>), open-loop arrivals, depths once a second; then latencies, losses,
/// depths and a plot under docs/loop/.
/// </summary>
public static class LoopBench
{
    public sealed record Options(double Rate, int Seconds, TimeSpan Patience, TimeSpan Poll, int Warmup, string Label, bool Attach, string Output,
        bool Private = false, AttendWhen Attend = AttendWhen.Tried, IReadOnlyDictionary<string, string>? Settings = null);

    public static async Task RunAsync(string root, Options options)
    {
        var inv = CultureInfo.InvariantCulture;
        var key = Environment.GetEnvironmentVariable("AUTH_SIGNING_KEY") is { Length: > 0 } given ? given : Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var log = Path.Combine(root, "data", "loopload", "run-distributed.out");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        Console.WriteLine(options.Attach ? "Attaching to the running services"
            : options.Private ? "Starting a PostgreSQL cluster, a RabbitMQ node and the three services of the run's own (build first)"
            : $"Starting deploy/local/run-distributed.sh (it builds first; output in {log})");
        // --private: servers of the run's own, fresh each run, so runs compare like with like and nobody else's tests
        // share the database server or the broker with the load.
        await using ILoopSystem system = options.Attach ? await ScriptedSystem.Attach(key)
            : options.Private ? await PrivateSystem.Start(key, options.Settings)
            : await ScriptedSystem.Start(root, key, log);
        using var stop = StopOnCtrlC(system);

        var machine = await Machine.Describe(root);
        var clock = Stopwatch.StartNew();
        using var client = new LoopClient(system, clock) { Poll = options.Poll, Attend = options.Attend };
        await client.SetUp(TimeSpan.FromMinutes(2));
        // One at a time first, not measured: the services' first requests pay for JIT compilation and connection set-up.
        for (var i = 0; i < options.Warmup; i++)
        {
            var warm = await client.Run(1_000_000 + i, options.Patience);
            if (!warm.WasTold) Console.WriteLine($"warm-up referral not told: {warm.Outcome}");
        }

        IReadOnlyList<(string Part, int Pid)> parts = [.. system.Processes(), ("load generator", Environment.ProcessId)];
        var cpuBefore = CpuMeter.Read(parts);
        var statistics = system.StatementStatistics;
        if (statistics is not null) await StatementMeter.Reset(statistics);
        clock.Restart();
        var loop = new OpenLoop(client, clock);
        var sampler = new DepthSampler(system, clock, () => loop.Progress);
        using var stopSampling = new CancellationTokenSource();
        var sampling = sampler.Run(stopSampling.Token);
        var count = (int)Math.Round(options.Rate * options.Seconds);
        Console.WriteLine($"{count} referrals at {options.Rate.ToString(inv)} a second for {options.Seconds} s");
        using var progress = new Timer(_ =>
        {
            var p = loop.Progress;
            var last = sampler.Samples.LastOrDefault();
            Console.WriteLine($"{clock.Elapsed.TotalSeconds,5:0}s started {p.Started} in the loop {p.InFlight} told {p.Told} lost {p.Lost}" +
                              (last is null ? "" : "  outbox " + string.Join('/', ILoopSystem.Services.Select(s => last.Depths[DepthSampler.OutboxSeries(s)])) +
                                                   $"  undelivered {last.Depths[DepthSampler.UndeliveredSeries]}  queued {last.Depths[DepthSampler.QueuedSeries]}"));
        }, null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        var traces = await loop.Run(count, options.Rate, options.Patience);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var cpu = CpuMeter.PerReferral(cpuBefore, CpuMeter.Read(parts), traces.Count);
        var statements = statistics is null ? [] : await StatementMeter.Markdown(statistics, traces.Count);
        await stopSampling.CancelAsync();
        await sampling;
        machine.LoadAtEnd = Machine.LoadAverage();

        var name = $"{options.Label}-{options.Rate.ToString(inv)}ps-{options.Seconds}s";
        Directory.CreateDirectory(options.Output);
        var samples = sampler.Samples;
        await File.WriteAllTextAsync(Path.Combine(options.Output, $"{name}-referrals.csv"), Report.ReferralsCsv(traces));
        await File.WriteAllTextAsync(Path.Combine(options.Output, $"{name}-samples.csv"), Report.SamplesCsv(samples));
        await File.WriteAllTextAsync(Path.Combine(options.Output, $"{name}.svg"),
            Report.Svg($"The loop at {options.Rate.ToString(inv)} referrals a second ({options.Label}): latency per referral and depths per second", traces, samples));
        var markdown = Markdown(name, options, traces, samples, machine, cpu, statements);
        await File.WriteAllTextAsync(Path.Combine(options.Output, $"{name}.md"), markdown);
        Console.WriteLine();
        Console.WriteLine(markdown);
    }

    private static string Markdown(string name, Options options, List<Trace> traces, IReadOnlyList<Sample> samples, Machine machine,
        Dictionary<string, double> cpu, List<string> statements)
    {
        var inv = CultureInfo.InvariantCulture;
        var told = traces.Where(t => t.WasTold).ToList();
        var lines = new List<string>
        {
            $"# The loop at {options.Rate.ToString(inv)} referrals a second for {options.Seconds} s ({options.Label})",
            "",
            $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: `dotnet run --project bench/LoopLoad -c Release -- loop --rate {options.Rate.ToString(inv)} " +
            $"--duration {options.Seconds} --label {options.Label}{(options.Private ? " --private" : "")}" +
            $"{(options.Attend == AttendWhen.Tried ? "" : $" --attend {options.Attend.ToString().ToLowerInvariant()}")}" +
            $"{string.Concat((options.Settings ?? new Dictionary<string, string>()).Select(kv => $" --set {kv.Key}={kv.Value}"))}` against " +
            (options.Private
                ? "a PostgreSQL cluster and a RabbitMQ node of the run's own, fresh, on loopback, and one process per service started from its build folder. "
                : "deploy/local/run-distributed.sh (PostgreSQL and RabbitMQ on loopback, one process per service). ") +
            $"{machine.Markdown()} Each referral: the referrer's inbox stream (server-sent events) open first, create with consent and submit (practitioner), " +
            $"accept (provider), record the first attendance {AttendText(options)}, " +
            "told when \"attended\" arrives on the referrer's stream. " +
            $"{options.Warmup} referrals one at a time before, not counted." +
            (options.Settings is { Count: > 0 } settings ? $" Services' settings: {string.Join(", ", settings.Select(kv => $"`{kv.Key}={kv.Value}`"))}." : ""),
            "",
            "| referrals started | told | lost (not told within " + $"{options.Patience.TotalSeconds:0} s) | of which failed with an error |",
            "|---|---|---|---|",
            $"| {traces.Count:N0} | {told.Count:N0} | {traces.Count - told.Count:N0} | {traces.Count(t => t.Outcome.StartsWith("failed", StringComparison.Ordinal)):N0} |",
            "",
        };
        var groups = options.Attend == AttendWhen.Alternately
            ? new[] { ("provider attends when pushed", told.Where(t => t.AttendedWhenPushed).ToList()), ("provider attends by trying", told.Where(t => !t.AttendedWhenPushed).ToList()) }
            : new[] { ("", told) };
        foreach (var (group, these) in groups)
        {
            if (group.Length > 0) lines.AddRange([$"**{group}** ({these.Count:N0} told)", ""]);
            lines.AddRange(
            [
                "| ms | count | p50 | p95 | p99 | max |",
                "|---|---|---|---|---|---|",
                Percentiles.Of(these.Select(t => t.AttendanceToTold)).Row("**attendance -> referrer told**"),
                Percentiles.Of(these.Select(t => t.AcceptToTold)).Row("**accept -> referrer told**"),
                Percentiles.Of(these.Select(t => t.AttendedWritten - t.AttendanceSent)).Row("attendance sent -> \"attended\" written (in the request)"),
                Percentiles.Of(these.Select(t => t.AttendanceAnswered - t.AttendanceSent)).Row("attendance sent -> answered"),
                Percentiles.Of(these.Select(t => t.Told - t.AttendedWritten)).Row("\"attended\" written -> on the referrer's stream"),
                Percentiles.Of(these.Select(t => t.AcceptAnswered - t.AcceptSent)).Row("accept sent -> answered"),
                Percentiles.Of(these.Select(t => t.AcceptedWritten - t.AcceptSent)).Row("accept sent -> Feedback applied it (\"accepted\" written)"),
                Percentiles.Of(these.Select(t => t.AcceptedArrived - t.AcceptedWritten)).Row("\"accepted\" written -> on the referrer's stream"),
                Percentiles.Of(these.Select(t => t.AttendanceSent - t.AcceptedWritten)).Row("Feedback applied the acceptance -> attendance sent (the provider's wait)"),
                "",
            ]);
        }
        lines.AddRange(
        [
            "| ms | count | p50 | p95 | p99 | max |",
            "|---|---|---|---|---|---|",
            Percentiles.Of(traces.Select(t => t.Created - t.Started)).Row("create (the request)"),
            "",
            "| depth (most at any second) | max |",
            "|---|---|",
        ]);
        lines.AddRange(Report.PlottedSeries(samples).Select(s => string.Format(inv, "| {0} | {1:N0} |", s, Report.Max(samples, s))));
        lines.AddRange(CpuRows(cpu, machine.Cores));
        lines.AddRange(statements);
        var lost = traces.Where(t => !t.WasTold).GroupBy(t => t.Outcome.Length > 120 ? t.Outcome[..120] : t.Outcome).OrderByDescending(g => g.Count()).Take(5).ToList();
        if (lost.Count > 0)
        {
            lines.Add("");
            lines.AddRange(lost.Select(g => $"- {g.Count()} {g.Key}"));
        }
        lines.Add("");
        lines.Add($"![latency per referral and depths per second]({name}.svg)");
        lines.Add("");
        lines.Add($"Per referral: [{name}-referrals.csv]({name}-referrals.csv); per second: [{name}-samples.csv]({name}-samples.csv).");
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>
    /// CPU per referral by part, from the start of the arrivals to two seconds after the last referral ended, and the rate
    /// the machine's cores could carry were the system's parts all it ran (the load generator left out).
    /// </summary>
    private static IEnumerable<string> CpuRows(Dictionary<string, double> cpu, int cores)
    {
        if (cpu.Count == 0) yield break;
        var inv = CultureInfo.InvariantCulture;
        var system = cpu.Where(kv => kv.Key != "load generator").Sum(kv => kv.Value);
        yield return "";
        yield return "| CPU per referral (ms of one core) | " + string.Join(" | ", cpu.Keys) + " | the system (without the load generator) |";
        yield return "|---|" + string.Concat(cpu.Keys.Select(_ => "---|")) + "---|";
        yield return "| | " + string.Join(" | ", cpu.Values.Select(v => v.ToString("0.0", inv))) + $" | {system.ToString("0.0", inv)} |";
        yield return "";
        yield return string.Format(inv, "At {0:0.0} ms of CPU a referral, {1} cores carry at most {2:0} referrals a second with nothing else running.",
            system, cores, cores * 1000 / Math.Max(0.1, system));
    }

    private static string AttendText(Options options) => options.Attend switch
    {
        AttendWhen.Pushed => "once Feedback has the acceptance (\"accepted\" on the referrer's stream; tried again as below should it not come)",
        AttendWhen.Alternately => "either (even-numbered referrals) once Feedback has the acceptance (\"accepted\" on the referrer's stream) " +
                                  $"or (odd) at once, tried again after {options.Poll.TotalMilliseconds:0} ms, doubling to 1 s, while Feedback has not heard of it",
        _ => $"as soon as Feedback accepts it (tried again after {options.Poll.TotalMilliseconds:0} ms, doubling to 1 s)",
    };

    /// <summary>Ctrl+C stops the services the bench started (their process group) before the bench exits: no strays.</summary>
    internal static IDisposable StopOnCtrlC(IAsyncDisposable system)
    {
        ConsoleCancelEventHandler handler = (_, e) =>
        {
            e.Cancel = true;
            Console.WriteLine("Stopping...");
            system.DisposeAsync().AsTask().Wait();
            Environment.Exit(130);
        };
        Console.CancelKeyPress += handler;
        return new Unsubscribe(() => Console.CancelKeyPress -= handler);
    }

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
