using System.Globalization;
using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages.Insights;

/// <summary>
/// The insight summary on one printed page, for a commissioner to take to a meeting: the period's key figures (from
/// the totals tables), the top cold spots, the gaps people searched for, what works and the wards with least supply.
/// The same figures as the dashboard and its API, small counts withheld alike.
/// </summary>
[Authorize(Policy = Roles.Commissioner)]
public sealed class SummaryModel(FeedbackClient feedback) : PrintPage
{
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Ward { get; set; }

    public InsightView? Insight { get; private set; }

    /// <summary>Rows in each of the summary's short tables.</summary>
    public const int Top = 5;

    public override (string Href, string Text) Back =>
        (Url.Page("/Insights/Index", new { from = Iso(From), to = Iso(To), ward = Ward })!, "Back to the dashboard");

    public async Task OnGetAsync(CancellationToken ct)
    {
        var result = await feedback.InsightAsync(From, To, Ward, ct);
        if (!Check(result, "insight", "from")) return;
        Insight = result.Value;
        (From, To, Ward) = (Insight!.From, Insight.To, Insight.Ward);
    }

    public InsightTableView? Table(string name) => Insight?.Tables.FirstOrDefault(t => t.Name == name);

    /// <summary>One key figure: the first row's cell of a totals table, as a person reads it.</summary>
    public (string Title, string Value)? Figure(string table, string key, string? title = null)
    {
        if (Table(table) is not { Rows.Count: > 0 } t) return null;
        var i = t.Columns.FindIndex(c => c.Key == key);
        if (i < 0) return null;
        return (title ?? t.Columns[i].Title, IndexModel.Cell(t.Rows[0][i], t.Columns[i]));
    }

    /// <summary>The first <see cref="Top"/> rows of a table, only the columns named (the label first).</summary>
    public (InsightTableView Table, IReadOnlyList<InsightColumnView> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)? Short(string name,
        params string[] keys)
    {
        if (Table(name) is not { } t) return null;
        var indexes = keys.Select(k => t.Columns.FindIndex(c => c.Key == k)).Where(i => i >= 0).Prepend(0).ToList();
        return (t, [.. indexes.Select(i => t.Columns[i])],
            [.. t.Rows.Take(Top).Select(r => (IReadOnlyList<string>)[.. indexes.Select(i => IndexModel.Cell(r[i], t.Columns[i]))])]);
    }

    private static string? Iso(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
