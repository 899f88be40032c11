using System.Globalization;
using System.Text;

namespace SearchBench;

/// <summary>A grouped bar chart of p95 latency (handler vs raw SQL) per adapter and concurrency, as SVG (no plotting library here).</summary>
public static class Plot
{
    public static string Svg(IReadOnlyList<Benchmark.Row> rows)
    {
        var inv = CultureInfo.InvariantCulture;
        const int width = 760, height = 360, left = 60, bottom = 300, top = 40;
        var groups = rows.GroupBy(r => (r.Adapter, r.Listings, r.Concurrency)).ToList();
        var max = Math.Max(1, rows.Max(r => r.P95)) * 1.15;
        var slot = (width - left - 20) / (double)Math.Max(1, groups.Count);
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"11\">");
        sb.AppendLine("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        sb.AppendLine(inv, $"<text x=\"{left}\" y=\"20\" font-size=\"14\">Search p95 latency (ms): handler (dark) vs raw SQL (light), closed loop</text>");
        sb.AppendLine(inv, $"<line x1=\"{left}\" y1=\"{bottom}\" x2=\"{width - 10}\" y2=\"{bottom}\" stroke=\"black\"/>");
        sb.AppendLine(inv, $"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{bottom}\" stroke=\"black\"/>");
        for (var i = 0; i <= 4; i++)
        {
            var v = max * i / 4;
            var y = bottom - (bottom - top) * i / 4.0;
            sb.AppendLine(inv, $"<text x=\"{left - 6}\" y=\"{y + 4:0}\" text-anchor=\"end\">{v:0}</text><line x1=\"{left}\" y1=\"{y:0}\" x2=\"{width - 10}\" y2=\"{y:0}\" stroke=\"#ddd\"/>");
        }
        foreach (var (g, i) in groups.Select((g, i) => (g, i)))
        {
            var x = left + i * slot + slot * 0.15;
            var w = slot * 0.33;
            foreach (var (r, j) in g.OrderBy(r => r.Path == "handler" ? 0 : 1).Select((r, j) => (r, j)))
            {
                var h = (bottom - top) * r.P95 / max;
                var colour = (r.Adapter == "Postgres" ? (j == 0 ? "#1f4e9c" : "#8fb0e8") : (j == 0 ? "#b5531c" : "#f0b48f"));
                sb.AppendLine(inv, $"<rect x=\"{x + j * w:0.0}\" y=\"{bottom - h:0.0}\" width=\"{w:0.0}\" height=\"{h:0.0}\" fill=\"{colour}\"/>");
                sb.AppendLine(inv, $"<text x=\"{x + j * w + w / 2:0.0}\" y=\"{bottom - h - 3:0.0}\" text-anchor=\"middle\" font-size=\"9\">{r.P95:0.0}</text>");
            }
            sb.AppendLine(inv, $"<text x=\"{x + w:0.0}\" y=\"{bottom + 16}\" text-anchor=\"middle\">{g.Key.Adapter} {g.Key.Listings / 1000}k</text>");
            sb.AppendLine(inv, $"<text x=\"{x + w:0.0}\" y=\"{bottom + 30}\" text-anchor=\"middle\">c={g.Key.Concurrency}</text>");
        }
        sb.AppendLine("</svg>");
        return sb.ToString();
    }
}
