using System.Globalization;
using System.Text;

namespace LoopLoad;

public sealed record Percentiles(int Count, double P50, double P95, double P99, double Max)
{
    public static Percentiles Of(IEnumerable<double> values)
    {
        var all = values.Where(v => !double.IsNaN(v)).Order().ToList();
        if (all.Count == 0) return new(0, double.NaN, double.NaN, double.NaN, double.NaN);
        double P(double p) => all[Math.Min(all.Count - 1, Math.Max(0, (int)Math.Ceiling(p * all.Count) - 1))];
        return new(all.Count, P(0.50), P(0.95), P(0.99), all[^1]);
    }

    public string Row(string name) => string.Format(CultureInfo.InvariantCulture,
        "| {0} | {1:N0} | {2:N0} | {3:N0} | {4:N0} | {5:N0} |", name, Count, P50, P95, P99, Max);
}

/// <summary>The machine and code a figure was measured on: figures from a shared 2-core machine mean little without it.</summary>
public sealed record Machine(string Cpu, int Cores, string Memory, string LoadAtStart, string Commit)
{
    public string LoadAtEnd { get; set; } = "";

    public static async Task<Machine> Describe(string root)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        var memory = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        string commit;
        try
        {
            commit = (await Shell.Run("git", ["-C", root, "rev-parse", "--short", "HEAD"])).Trim();
            if ((await Shell.Run("git", ["-C", root, "status", "--porcelain", "--", "services", "deploy"])).Trim().Length > 0) commit += " (with uncommitted changes)";
        }
        catch (InvalidOperationException) { commit = "?"; }
        return new Machine(cpu, Environment.ProcessorCount, memory, LoadAverage(), commit);
    }

    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    public string Markdown() =>
        $"{Cores} cores ({Cpu}), {Memory} memory, shared with other work: load average {LoadAtStart} at the start, {LoadAtEnd} at the end. Code: {Commit}.";
}

public static class Report
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string ReferralsCsv(IEnumerable<Trace> traces)
    {
        var sb = new StringBuilder("number,referral_id,started_ms,created_ms,accept_sent_ms,attendance_sent_ms,told_ms,attendance_to_told_ms,accept_to_told_ms,outcome,retries," +
                                   "accept_answered_ms,accepted_written_ms,accepted_arrived_ms,attendance_answered_ms,attended_written_ms,attended_when_pushed\n");
        foreach (var t in traces.OrderBy(t => t.Number))
            sb.AppendLine(string.Join(',', t.Number.ToString(Inv), t.ReferralId?.ToString() ?? "", Ms(t.Started), Ms(t.Created), Ms(t.AcceptSent),
                Ms(t.AttendanceSent), Ms(t.Told), Ms(t.AttendanceToTold), Ms(t.AcceptToTold), Csv(t.Outcome), t.Retries.ToString(Inv),
                Ms(t.AcceptAnswered), Ms(t.AcceptedWritten), Ms(t.AcceptedArrived), Ms(t.AttendanceAnswered), Ms(t.AttendedWritten),
                t.AttendedWhenPushed ? "1" : "0"));
        return sb.ToString();
    }

    public static string SamplesCsv(IReadOnlyList<Sample> samples)
    {
        var series = samples.SelectMany(s => s.Depths.Keys).Distinct().ToList();
        var sb = new StringBuilder("seconds,started,in_flight,told,lost," + string.Join(',', series.Select(Csv)) + "\n");
        foreach (var s in samples)
            sb.AppendLine(string.Join(',', new[] { s.Seconds.ToString("0.0", Inv), s.Started.ToString(Inv), s.InFlight.ToString(Inv), s.Told.ToString(Inv), s.Lost.ToString(Inv) }
                .Concat(series.Select(k => s.Depths.TryGetValue(k, out var v) && !double.IsNaN(v) ? v.ToString("0", Inv) : ""))));
        return sb.ToString();
    }

    private static string Ms(double value) => double.IsNaN(value) ? "" : value.ToString("0.0", Inv);
    private static string Csv(string value) => value.Contains(',') || value.Contains('"') ? $"\"{value.Replace("\"", "\"\"")}\"" : value;

    public static double Max(IReadOnlyList<Sample> samples, string series) =>
        samples.Select(s => s.Depths.GetValueOrDefault(series, double.NaN)).Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Max();

    /// <summary>The per-second depth series worth a line: outboxes, undelivered notifications, all queues, error queues, and the three deepest queues.</summary>
    public static List<string> PlottedSeries(IReadOnlyList<Sample> samples)
    {
        var fixedSeries = ILoopSystem.Services.Select(DepthSampler.OutboxSeries)
            .Concat([DepthSampler.UndeliveredSeries, DepthSampler.QueuedSeries, DepthSampler.ErrorSeries]).ToList();
        var deepest = samples.SelectMany(s => s.Depths).Where(d => d.Key.StartsWith("queue ", StringComparison.Ordinal) && !double.IsNaN(d.Value))
            .GroupBy(d => d.Key).Select(g => (g.Key, Max: g.Max(d => d.Value))).Where(g => g.Max > 0)
            .OrderByDescending(g => g.Max).Take(3).Select(g => g.Key);
        return [.. fixedSeries, .. deepest];
    }

    /// <summary>
    /// Two panels over the run's time: each referral's latencies (dots at the second it started; lost ones as red marks
    /// on the top edge), and the depths once a second (lines; gaps where a server could not be read).
    /// </summary>
    public static string Svg(string title, IReadOnlyList<Trace> traces, IReadOnlyList<Sample> samples, IReadOnlyList<FaultEvent>? faults = null)
    {
        const int width = 960, left = 70, right = 250, panel = 230, gap = 60, top = 40;
        var plotWidth = width - left - right;
        var end = Math.Max(samples.Count == 0 ? 1 : samples[^1].Seconds, traces.Select(t => t.Started / 1000).DefaultIfEmpty(1).Max());
        double X(double seconds) => left + plotWidth * seconds / end;
        var sb = new StringBuilder();
        var height = top + panel * 2 + gap + 50;
        sb.AppendLine(Inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"11\">");
        sb.AppendLine("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        sb.AppendLine(Inv, $"<text x=\"{left}\" y=\"22\" font-size=\"14\">{Escape(title)}</text>");

        // Panel 1: latencies.
        var told = traces.Where(t => t.WasTold).ToList();
        var ceiling = Math.Max(100, told.Select(t => t.AcceptToTold).DefaultIfEmpty(100).Max() * 1.1);
        var top1 = top;
        Axes(sb, top1, panel, ceiling, "ms", end, left, plotWidth);
        double Y1(double v) => top1 + panel - panel * Math.Min(v, ceiling) / ceiling;
        foreach (var t in told)
        {
            sb.AppendLine(Inv, $"<circle cx=\"{X(t.Started / 1000):0.0}\" cy=\"{Y1(t.AcceptToTold):0.0}\" r=\"1.6\" fill=\"#8fb0e8\"/>");
            sb.AppendLine(Inv, $"<circle cx=\"{X(t.Started / 1000):0.0}\" cy=\"{Y1(t.AttendanceToTold):0.0}\" r=\"1.6\" fill=\"#1f4e9c\"/>");
        }
        foreach (var t in traces.Where(t => !t.WasTold))
            sb.AppendLine(Inv, $"<line x1=\"{X(t.Started / 1000):0.0}\" y1=\"{top1}\" x2=\"{X(t.Started / 1000):0.0}\" y2=\"{top1 + 8}\" stroke=\"#c00\"/>");
        Legend(sb, left + plotWidth + 15, top1 + 10, [("accept -> referrer told", "#8fb0e8"), ("attendance -> referrer told", "#1f4e9c"), ("lost (not told in time)", "#c00")]);

        // Panel 2: depths.
        var top2 = top + panel + gap;
        var series = PlottedSeries(samples);
        var deepest = Math.Max(10, series.Select(k => Max(samples, k)).Where(v => !double.IsNaN(v)).DefaultIfEmpty(10).Max() * 1.1);
        Axes(sb, top2, panel, deepest, "rows / messages", end, left, plotWidth);
        string[] colours = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#444444", "#c00000", "#66a61e", "#e6ab02", "#a6761d"];
        var legend = new List<(string, string)>();
        foreach (var (name, i) in series.Select((s, i) => (s, i)))
        {
            var colour = colours[i % colours.Length];
            legend.Add((name.Replace("queue ", "", StringComparison.Ordinal), colour));
            var path = new StringBuilder();
            var pen = "M";
            foreach (var s in samples)
            {
                if (!s.Depths.TryGetValue(name, out var v) || double.IsNaN(v)) { pen = "M"; continue; }
                path.Append(Inv, $"{pen}{X(s.Seconds):0.0},{top2 + panel - panel * v / deepest:0.0} ");
                pen = "L";
            }
            sb.AppendLine(Inv, $"<path d=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.4\"/>");
        }
        Legend(sb, left + plotWidth + 15, top2 + 10, legend);
        // Faults: a dashed line across both panels where each began, numbered as in the run's table.
        foreach (var (fault, i) in (faults ?? []).Select((f, i) => (f, i)))
        {
            var x = X(fault.StartedSeconds);
            sb.AppendLine(Inv, $"<line x1=\"{x:0.0}\" y1=\"{top}\" x2=\"{x:0.0}\" y2=\"{top2 + panel}\" stroke=\"#999\" stroke-dasharray=\"4,3\"/>");
            sb.AppendLine(Inv, $"<text x=\"{x + 3:0.0}\" y=\"{top2 - 6}\" fill=\"#555\">{i + 1}</text>");
        }
        if (faults is { Count: > 0 })
            Legend(sb, left + plotWidth + 15, top2 + 20 + legend.Count * 16,
                faults.Select((f, i) => ($"{i + 1}: {f.Fault.Split(',')[0].Split('(')[0].Trim()}", "#ffffff")));
        sb.AppendLine(Inv, $"<text x=\"{left + plotWidth / 2}\" y=\"{height - 12}\" text-anchor=\"middle\">seconds since the start of the run</text>");
        sb.AppendLine("</svg>");
        return sb.ToString();
    }

    private static void Axes(StringBuilder sb, int top, int height, double max, string unit, double end, int left, int plotWidth)
    {
        sb.AppendLine(Inv, $"<line x1=\"{left}\" y1=\"{top + height}\" x2=\"{left + plotWidth}\" y2=\"{top + height}\" stroke=\"black\"/>");
        sb.AppendLine(Inv, $"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{top + height}\" stroke=\"black\"/>");
        for (var i = 0; i <= 4; i++)
        {
            var y = top + height - height * i / 4.0;
            sb.AppendLine(Inv, $"<text x=\"{left - 6}\" y=\"{y + 4:0}\" text-anchor=\"end\">{max * i / 4:N0}</text><line x1=\"{left}\" y1=\"{y:0}\" x2=\"{left + plotWidth}\" y2=\"{y:0}\" stroke=\"#e4e4e4\"/>");
        }
        var step = end > 120 ? 30 : end > 40 ? 10 : 5;
        for (var s = 0; s <= end; s += step)
            sb.AppendLine(Inv, $"<text x=\"{left + plotWidth * s / end:0}\" y=\"{top + height + 14}\" text-anchor=\"middle\">{s}</text>");
        sb.AppendLine(Inv, $"<text x=\"{left - 50}\" y=\"{top - 8}\">{unit}</text>");
    }

    private static void Legend(StringBuilder sb, int x, int y, IEnumerable<(string Name, string Colour)> entries)
    {
        foreach (var ((name, colour), i) in entries.Select((e, i) => (e, i)))
        {
            sb.AppendLine(Inv, $"<rect x=\"{x}\" y=\"{y + i * 16}\" width=\"10\" height=\"10\" fill=\"{colour}\"/>");
            sb.AppendLine(Inv, $"<text x=\"{x + 15}\" y=\"{y + i * 16 + 9}\">{Escape(name)}</text>");
        }
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
