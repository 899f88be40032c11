using System.Globalization;
using System.Security.Cryptography;
using LoopLoad;

// dotnet run --project bench/LoopLoad -c Release -- loop --rate 20 --duration 180 [--label before] [--attach | --private] [--poll-ms 100] [--warmup 10]
//     [--attend tried|pushed|alternately] [--set Key=Value ...]
// dotnet run --project bench/LoopLoad -c Release -- faults --count 1000 --rate 20
// dotnet run --project bench/LoopLoad -c Release -- drain --referrals 500
ThreadPool.SetMinThreads(64, 64); // hundreds of referrals wait at once; the pool's slow growth would delay their timers
var root = Shell.RepoRoot();
string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
double Number(string name, string fallback) => double.Parse(Arg(name, fallback), CultureInfo.InvariantCulture);

switch (args.FirstOrDefault())
{
    case "loop":
        await LoopBench.RunAsync(root, new LoopBench.Options(
            Rate: Number("--rate", "20"),
            Seconds: (int)Number("--duration", "180"),
            Patience: TimeSpan.FromSeconds(Number("--lost-after", "30")),
            Poll: TimeSpan.FromMilliseconds(Number("--poll-ms", "100")),
            Warmup: (int)Number("--warmup", "10"),
            Label: Arg("--label", "run"),
            Attach: args.Contains("--attach"),
            Output: Path.GetFullPath(Arg("--out", Path.Combine(root, "docs", "loop"))),
            Private: args.Contains("--private"),
            Attend: Enum.Parse<AttendWhen>(Arg("--attend", "tried"), ignoreCase: true),
            // --set Key=Value (repeatable): a service setting for the run's own services, e.g. --set Bus__Batch__TimeLimit=00:00:00.010
            Settings: args.Select((a, i) => (a, i)).Where(x => x.a == "--set" && x.i + 1 < args.Length)
                .Select(x => args[x.i + 1].Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : "")));
        break;
    case "faults":
        var count = (int)Number("--count", "1000");
        var rate = Number("--rate", "20");
        var machine = await Machine.Describe(root);
        Console.WriteLine("Starting a PostgreSQL cluster, a RabbitMQ node and the three services of the run's own");
        await using (var system = await PrivateSystem.Start(Convert.ToBase64String(RandomNumberGenerator.GetBytes(48))))
        {
            using var stop = LoopBench.StopOnCtrlC(system);
            var result = await FaultRun.Run(system, count, rate, Console.WriteLine);
            machine.LoadAtEnd = Machine.LoadAverage();
            var output = Path.GetFullPath(Arg("--out", Path.Combine(root, "docs", "loop")));
            Directory.CreateDirectory(output);
            var name = $"faults-{count}-at-{rate.ToString(CultureInfo.InvariantCulture)}ps";
            var markdown = FaultRun.Markdown(result, count, rate, machine) + $"\n![latency per referral and depths per second]({name}.svg)\n";
            await File.WriteAllTextAsync(Path.Combine(output, $"{name}.md"), markdown);
            await File.WriteAllTextAsync(Path.Combine(output, $"{name}.svg"),
                Report.Svg($"{count} referrals at {rate.ToString(CultureInfo.InvariantCulture)} a second through five faults", result.Traces, result.Samples, result.Faults));
            await File.WriteAllTextAsync(Path.Combine(output, $"{name}-referrals.csv"), Report.ReferralsCsv(result.Traces));
            Console.WriteLine();
            Console.WriteLine(markdown);
            if (!result.Verdict.Passed)
                foreach (var service in ILoopSystem.Services)
                {
                    Console.WriteLine($"{service} logged:");
                    foreach (var line in system.LogDigest(service)) Console.WriteLine(line);
                }
            Environment.ExitCode = result.Verdict.Passed ? 0 : 1;
        }
        break;
    case "drain":
        var referrals = (int)Number("--referrals", "500");
        var drainMachine = await Machine.Describe(root);
        Console.WriteLine("Starting a PostgreSQL cluster, a RabbitMQ node and the three services of the run's own");
        await using (var system = await PrivateSystem.Start(Convert.ToBase64String(RandomNumberGenerator.GetBytes(48))))
        {
            var setups = new (string Name, Dictionary<string, string> Settings)[]
            {
                ("one event per transaction (Bus:Batch:MessageLimit 1)", new() { ["Bus__Batch__MessageLimit"] = "1" }),
                ("batches of up to 50, 2 at once (the default)", new()),
                ("batches of up to 100, 2 at once", new() { ["Bus__Batch__MessageLimit"] = "100" }),
            };
            var results = new List<DrainResult>();
            foreach (var (setupName, settings) in setups)
                results.Add(await StatusDrain.Run(system, setupName, settings, referrals, Console.WriteLine));
            drainMachine.LoadAtEnd = Machine.LoadAverage();
            var markdown = StatusDrain.Markdown(results, drainMachine, referrals);
            var output = Path.GetFullPath(Arg("--out", Path.Combine(root, "docs", "loop")));
            Directory.CreateDirectory(output);
            await File.WriteAllTextAsync(Path.Combine(output, $"drain-{referrals * 3}-events.md"), markdown);
            Console.WriteLine();
            Console.WriteLine(markdown);
        }
        break;
    default:
        Console.WriteLine("       LoopLoad drain [--referrals 500] [--out docs/loop]");
        Console.WriteLine("usage: LoopLoad loop [--rate 20] [--duration 180] [--label L] [--attach | --private] [--poll-ms 100] [--warmup 10] [--lost-after 30] [--out docs/loop]");
        Console.WriteLine("                    [--attend tried|pushed|alternately] [--set Key=Value ...] (--set: the --private services' settings)");
        Console.WriteLine("       LoopLoad faults [--count 1000] [--rate 20] [--out docs/loop]");
        break;
}
