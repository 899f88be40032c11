using FeedbackService.Data;

namespace FeedbackService.Insights;

/// <summary>
/// Isolation risk against supply and demand, ward by ward (the wards of the uploaded indicators): each ward's risk
/// index, its activities per 1,000 residents and its searches per 1,000 residents in the period, each ranked among the
/// wards (0 lowest to 1 highest), and a score of 0 to 100 = 50% risk rank + 30% (1 - supply rank) + 20% demand rank.
/// A cold spot is a ward in the riskier half with supply in the lower half. Also the ward hexagon map: a tile per ward
/// at the free hexagon nearest its centre (from the gazetteer), so neighbours stay neighbours without boundary files.
/// </summary>
public static class InsightColdSpots
{
    public const string ColdSpot = "Cold spot";

    /// <param name="searchesByWard">Searches in the period per ward (every ward, whatever the ward filter).</param>
    public static IReadOnlyList<InsightTable> Tables(IReadOnlyList<InsightWardIndicator> indicators, IReadOnlyList<InsightWardCentre> centres,
        IEnumerable<(string Ward, int Count)> searchesByWard, IEnumerable<InsightActivity> activities)
    {
        var comparer = StringComparer.OrdinalIgnoreCase;
        var searched = searchesByWard.GroupBy(s => s.Ward.Trim(), comparer).ToDictionary(g => g.Key, g => g.Sum(s => s.Count), comparer);
        var supplied = activities.SelectMany(a => a.WardList).GroupBy(w => w.Trim(), comparer).ToDictionary(g => g.Key, g => g.Count(), comparer);
        int Of(Dictionary<string, int> counts, InsightWardIndicator w) => counts.GetValueOrDefault(w.Name) + (comparer.Equals(w.Code, w.Name) ? 0 : counts.GetValueOrDefault(w.Code));

        var wards = indicators.Select(w => (Ward: w, Activities: Of(supplied, w), Searches: Of(searched, w))).ToList();
        var risk = Ranks(wards.Select(w => w.Ward.RiskIndex).ToList());
        var supply = Ranks(wards.Select(w => Per1000(w.Activities, w.Ward.Population)).ToList());
        var demand = Ranks(wards.Select(w => Per1000(w.Searches, w.Ward.Population)).ToList());
        var scored = wards.Select((w, i) => (w.Ward, w.Activities, w.Searches,
                Score: Math.Round(100 * (0.5 * risk[i] + 0.3 * (1 - supply[i]) + 0.2 * demand[i])),
                Cold: risk[i] >= 0.5 && supply[i] <= 0.5 && wards.Count > 1))
            .OrderByDescending(w => w.Score).ThenBy(w => w.Ward.Name, StringComparer.Ordinal).ToList();

        var coldSpots = new InsightTable("cold-spots", "Isolation risk against supply: wards ranked",
            [
                new("label", "Ward", ColumnKind.Label), new("code", "Ward code", ColumnKind.Label),
                new("score", "Cold-spot score (0 to 100)", ColumnKind.Number), new("coldSpot", "Cold spot", ColumnKind.Label),
                new("riskIndex", "Risk index", ColumnKind.Number), new("population", "Population", ColumnKind.Number),
                new("livingAlone75", "Aged 75+ living alone", ColumnKind.Number),
                new("activities", "Activities listed", ColumnKind.Number), new("activitiesPer1000", "Activities per 1,000 residents", ColumnKind.Number),
                new("searches", "Searches in the period", ColumnKind.Count), new("searchesPer1000", "Searches per 1,000 residents", ColumnKind.Number, ["searches"]),
            ],
            [.. scored.Select(w => (IReadOnlyList<object?>)[w.Ward.Name, w.Ward.Code, w.Score, w.Cold ? ColdSpot : null, w.Ward.RiskIndex, w.Ward.Population,
                w.Ward.LivingAlone75, w.Activities, Math.Round(Per1000(w.Activities, w.Ward.Population), 2), w.Searches,
                Math.Round(Per1000(w.Searches, w.Ward.Population), 1)])],
            "score",
            "Score = 50% risk rank + 30% low-supply rank + 20% demand rank among the wards uploaded; a cold spot is in the riskier half " +
            "with supply in the lower half. Every ward, whatever the ward filter. Population, risk and 75+ living alone are as uploaded" +
            (indicators.Select(w => w.Figures).FirstOrDefault(f => f is not null) is { } figures ? $" ({figures})." : "."));

        var tiles = Layout([.. scored.Select(w => (w.Ward.Code, w.Ward.Name, Centre: centres.FirstOrDefault(c => comparer.Equals(c.Code, w.Ward.Code))
            ?? centres.FirstOrDefault(c => comparer.Equals(c.Name, w.Ward.Name))))]);
        var map = new InsightTable("ward-map", "Ward hexagon map",
            [
                new("label", "Ward", ColumnKind.Label), new("code", "Ward code", ColumnKind.Label),
                new("column", "Column", ColumnKind.Number), new("row", "Row", ColumnKind.Number),
                new("score", "Cold-spot score (0 to 100)", ColumnKind.Number), new("coldSpot", "Cold spot", ColumnKind.Label),
            ],
            [.. scored.Where(w => tiles.ContainsKey(w.Ward.Code)).Select(w => (IReadOnlyList<object?>)[w.Ward.Name, w.Ward.Code,
                tiles[w.Ward.Code].Column, tiles[w.Ward.Code].Row, w.Score, w.Cold ? ColdSpot : null])],
            "score", "A hexagon per ward, placed at the free tile nearest the ward's centre (odd rows sit half a tile right). " +
                     "Wards the gazetteer does not place are in the table only.", SuppressSmall: false);
        return [coldSpots, map];
    }

    private static double Per1000(int count, int population) => population > 0 ? 1000.0 * count / population : 0;

    /// <summary>Each value's rank among them, 0 (lowest) to 1 (highest), ties sharing their mean rank.</summary>
    internal static double[] Ranks(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return [.. values.Select(_ => 0.5)];
        var order = values.Select((v, i) => (v, i)).OrderBy(x => x.v).ToList();
        var ranks = new double[values.Count];
        for (var start = 0; start < order.Count;)
        {
            var end = start;
            while (end + 1 < order.Count && order[end + 1].v == order[start].v) end++;
            for (var k = start; k <= end; k++) ranks[order[k].i] = (start + end) / 2.0 / (values.Count - 1);
            start = end + 1;
        }
        return ranks;
    }

    /// <summary>
    /// Hexagon tiles (odd rows offset half a tile) for wards with a centre: the area's extent is scaled to a grid about
    /// as many tiles across as the square root of the wards allows, then each ward, nearest the middle first, takes the
    /// free tile nearest its own centre.
    /// </summary>
    internal static Dictionary<string, (int Column, int Row)> Layout(IReadOnlyList<(string Code, string Name, InsightWardCentre? Centre)> wards)
    {
        var placed = wards.Where(w => w.Centre is not null).Select(w =>
            (w.Code, X: w.Centre!.Longitude * Math.Cos(w.Centre.Latitude * Math.PI / 180), Y: -w.Centre.Latitude)).ToList();
        var tiles = new Dictionary<string, (int, int)>();
        if (placed.Count == 0) return tiles;
        var (minX, maxX, minY, maxY) = (placed.Min(p => p.X), placed.Max(p => p.X), placed.Min(p => p.Y), placed.Max(p => p.Y));
        var span = Math.Max(Math.Max(maxX - minX, maxY - minY), 1e-9);
        var across = Math.Max(2, (int)Math.Ceiling(Math.Sqrt(placed.Count) * 1.5));
        var size = span / across; // one tile's width in the projected units
        (double X, double Y) Centre(int column, int row) => (column + (row % 2 == 1 ? 0.5 : 0), row * 0.866);
        var taken = new HashSet<(int, int)>();
        var (midX, midY) = (placed.Average(p => p.X), placed.Average(p => p.Y));
        foreach (var p in placed.OrderBy(p => Math.Pow(p.X - midX, 2) + Math.Pow(p.Y - midY, 2)).ThenBy(p => p.Code, StringComparer.Ordinal))
        {
            var (x, y) = ((p.X - minX) / size, (p.Y - minY) / size);
            var best = Enumerable.Range(-across - 2, 2 * across + 5)
                .SelectMany(dr => Enumerable.Range(-across - 2, 2 * across + 5), (dr, dc) => ((int)Math.Round(x) + dc, (int)Math.Round(y / 0.866) + dr))
                .Where(t => t.Item1 >= 0 && t.Item2 >= 0 && !taken.Contains(t))
                .OrderBy(t => Math.Pow(Centre(t.Item1, t.Item2).X - x, 2) + Math.Pow(Centre(t.Item1, t.Item2).Y - y, 2))
                .ThenBy(t => t.Item2).ThenBy(t => t.Item1).First();
            taken.Add(best);
            tiles[p.Code] = best;
        }
        return tiles;
    }
}
