using System.Globalization;

namespace LoopLoad;

/// <summary>
/// CPU time each part of the system has used: a process with all its descendants (PostgreSQL's backends, the Erlang
/// VM's helpers), and the children it has already reaped, read from /proc. Unlike latency, CPU per referral hardly
/// moves with what else shares the machine, so it says which part to make cheaper and how many referrals a second
/// these cores could carry at most.
/// </summary>
public static class CpuMeter
{
    // USER_HZ: the unit of /proc/[pid]/stat's times; 100 on every Linux this runs on (getconf CLK_TCK).
    private const double TicksPerSecond = 100;

    public static Dictionary<string, TimeSpan> Read(IReadOnlyList<(string Part, int Pid)> roots)
    {
        var processes = AllProcesses();
        var children = processes.Values.ToLookup(p => p.Parent);
        var used = new Dictionary<string, TimeSpan>();
        // The bench starts the services as its children: each part's tree stops where another part's begins.
        var partRoots = roots.Select(r => r.Pid).ToHashSet();
        foreach (var (part, pid) in roots)
        {
            if (!processes.TryGetValue(pid, out var root)) continue;
            double ticks = root.ReapedTicks;
            var pending = new Stack<ProcessTicks>([root]);
            while (pending.TryPop(out var process))
            {
                ticks += process.OwnTicks;
                foreach (var child in children[process.Pid].Where(c => !partRoots.Contains(c.Pid))) pending.Push(child);
            }
            used[part] = used.GetValueOrDefault(part) + TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        return used;
    }

    private sealed record ProcessTicks(int Pid, int Parent, long OwnTicks, long ReapedTicks);

    private static Dictionary<int, ProcessTicks> AllProcesses()
    {
        var processes = new Dictionary<int, ProcessTicks>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(folder, "stat")); }
            catch (IOException) { continue; } // gone since the listing
            catch (UnauthorizedAccessException) { continue; }
            // The command name (field 2) is in parentheses and may hold spaces: the fields after the last ')' are fixed.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
            processes[pid] = new ProcessTicks(pid, (int)Field(4), Field(14) + Field(15), Field(16) + Field(17));
        }
        return processes;
    }

    /// <summary>What each part used between two readings, per referral, in milliseconds of one core.</summary>
    public static Dictionary<string, double> PerReferral(Dictionary<string, TimeSpan> before, Dictionary<string, TimeSpan> after, int referrals) =>
        after.ToDictionary(kv => kv.Key, kv => (kv.Value - before.GetValueOrDefault(kv.Key)).TotalMilliseconds / Math.Max(1, referrals));
}
