using System.Globalization;
using System.Text.Json;
using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages.Insights;

/// <summary>
/// The insight dashboard for curators and commissioners: demand, the referral funnel, what works and supply for a
/// period and ward, each chart a server-rendered SVG with its data table beneath and a CSV of it (small counts
/// withheld by the service). Works without JavaScript: the filter is a plain GET form.
/// </summary>
[Authorize(Policy = Roles.Commissioner)]
public sealed class IndexModel(FeedbackClient feedback) : PortalPage
{
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Ward { get; set; }

    public InsightView? Insight { get; private set; }

    public static readonly (string Heading, string Intro, string[] Tables)[] Sections =
    [
        ("Demand", "What people searched the directory for, and where they found nothing: the clearest sign of a gap.",
            ["demand-over-time", "demand-by-ward", "demand-by-category", "missed-words"]),
        ("Referral funnel", "Referrals requested in the period and how far they went: accepted, first attended, completed.",
            ["funnel-by-category", "funnel-by-ward", "funnel-by-activity", "funnel-by-team"]),
        ("What works", "Change in wellbeing (ONS4) and loneliness (UCLA-3) from baseline to follow-up.",
            ["outcomes-by-category", "outcomes-by-activity", "outcomes-by-ward"]),
        ("Supply", "Activities listed now, by ward and category: per 1,000 residents, free, accessible, evening, weekend, accepting " +
            "referrals, with spaces or a waiting list; and the providers whose listings have gone stale.",
            ["supply-by-ward", "supply-by-category", "stale-by-provider"]),
        ("Isolation risk against supply", "Wards ranked by risk (from the ward indicators a curator uploaded) against activities per 1,000 " +
            "residents and searches: the cold spots are high risk and low supply.", ["cold-spots"]),
    ];

    /// <summary>One hexagon of the ward map: its centre in the SVG, the ward, its score and whether it is a cold spot.</summary>
    public sealed record Hex(double X, double Y, string Ward, string Code, double? Score, bool Cold);

    public const double HexRadius = 38;

    /// <summary>The ward map's hexagons (pointy-topped, odd rows half a tile right), from the "ward-map" table.</summary>
    public IReadOnlyList<Hex> Hexes()
    {
        if (Table("ward-map") is not { } map) return [];
        int Index(string key) => map.Columns.FindIndex(c => c.Key == key);
        var (column, row, score, cold, code) = (Index("column"), Index("row"), Index("score"), Index("coldSpot"), Index("code"));
        var width = Math.Sqrt(3) * HexRadius;
        return [.. map.Rows.Select(r => new Hex(
            width / 2 + 4 + r[column].GetInt32() * width + (r[row].GetInt32() % 2 == 1 ? width / 2 : 0),
            HexRadius + 4 + r[row].GetInt32() * HexRadius * 1.5,
            Text(r[0]), Text(r[code]), r[score].ValueKind == JsonValueKind.Number ? r[score].GetDouble() : null,
            r[cold].ValueKind == JsonValueKind.String))];
    }

    /// <summary>The hexagon's six corners as an SVG points list.</summary>
    public static string HexPoints(Hex hex) => string.Join(' ', Enumerable.Range(0, 6).Select(i =>
    {
        var angle = Math.PI / 180 * (60 * i - 30);
        return string.Create(CultureInfo.InvariantCulture, $"{hex.X + (HexRadius - 1) * Math.Cos(angle):0.#},{hex.Y + (HexRadius - 1) * Math.Sin(angle):0.#}");
    }));

    /// <summary>Five shades by score (0 to 100), dark for the coldest spots; text is white on the two darkest.</summary>
    public static (string Fill, string Text) Shade(double? score) => score switch
    {
        null => ("#e8edee", "#212b32"),
        >= 80 => ("#003087", "#ffffff"),
        >= 60 => ("#005eb8", "#ffffff"),
        >= 40 => ("#41b6e6", "#212b32"),
        >= 20 => ("#a4d9f3", "#212b32"),
        _ => ("#e8f4fb", "#212b32"),
    };

    public static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var result = await feedback.InsightAsync(From, To, Ward, ct);
        if (!Check(result, "insight", "from")) return;
        Insight = result.Value;
        (From, To, Ward) = (Insight!.From, Insight.To, Insight.Ward);
    }

    public async Task<IActionResult> OnGetCsvAsync(string? table, CancellationToken ct)
    {
        // Only the page's own links name a table; a CSV link without one names nothing to export.
        if (string.IsNullOrWhiteSpace(table)) return NotFound();
        var result = await feedback.InsightCsvAsync(table, From, To, Ward, ct);
        if (result.Ok) return File(result.Value!.Content, result.Value.ContentType, result.Value.FileName ?? $"{table}.csv");
        Check(result, "insight export");
        return Page();
    }

    public string CsvLink(string table) =>
        Url.Page("/Insights/Index", "Csv", new { table, from = Iso(From), to = Iso(To), ward = Ward })!;

    public InsightTableView? Table(string name) => Insight?.Tables.FirstOrDefault(t => t.Name == name);

    private static string? Iso(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A cell as a person reads it: withheld counts say so; rates carry a % sign.</summary>
    public static string Cell(JsonElement cell, InsightColumnView column) => cell.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => "–",
        JsonValueKind.String when cell.GetString() == "suppressed" => "fewer than 5",
        JsonValueKind.String => cell.GetString() ?? "",
        JsonValueKind.Number when column.Kind == "rate" => cell.GetDouble().ToString("0.#", CultureInfo.InvariantCulture) + "%",
        JsonValueKind.Number => cell.GetDouble().ToString("0.#", CultureInfo.InvariantCulture),
        _ => cell.ToString(),
    };

    /// <summary>Rows charted and tabled on the page (the biggest first); the CSV has every row.</summary>
    public const int RowsShown = 12;

    /// <summary>A time series is shown whole (up to three years of months).</summary>
    public static int Shown(InsightTableView table) => table.Name == "demand-over-time" ? 40 : RowsShown;

    /// <summary>The chart's bars: the rows shown, each label and value (null when withheld or empty).</summary>
    public static IReadOnlyList<(string Label, double? Value, string Shown)> Bars(InsightTableView table)
    {
        var index = table.Columns.FindIndex(c => c.Key == table.ChartColumn);
        if (index < 0) return [];
        var column = table.Columns[index];
        return [.. table.Rows.Take(Shown(table)).Select(r => (Text(r[0]), r[index].ValueKind == JsonValueKind.Number ? r[index].GetDouble() : (double?)null,
            Cell(r[index], column)))];
    }

    private static string Text(JsonElement cell) => cell.ValueKind == JsonValueKind.String ? cell.GetString() ?? "" : cell.ToString();
}
