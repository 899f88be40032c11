using System.Globalization;
using System.Text;

namespace FeedbackService.Insights;

public enum ColumnKind { Label, Count, Rate, Number }

/// <summary>
/// A column of an insight table. A count is a number of searches, referrals, sessions or people; a rate (a percentage)
/// or number (days, a mean change) is computed from the counts named in <paramref name="From"/>.
/// </summary>
public sealed record InsightColumn(string Key, string Title, ColumnKind Kind, IReadOnlyList<string>? From = null);

/// <summary>
/// One table behind a chart: the first column labels the rows, <paramref name="ChartColumn"/> is the one the chart draws.
/// <paramref name="DropSmallRows"/>: a row whose label could itself identify someone (a word typed) is left out, not
/// shown as "fewer than 5". <paramref name="SuppressSmall"/> is false only where no count is of people (listings).
/// </summary>
public sealed record InsightTable(string Name, string Title, IReadOnlyList<InsightColumn> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows,
    string ChartColumn, string? Note = null, bool DropSmallRows = false, bool SuppressSmall = true)
{
    /// <summary>Counts from 1 to 4 are withheld (shown "<5"); zero is shown, as it identifies nobody.</summary>
    public const int SuppressBelow = 5;

    /// <summary>Cells withheld by <see cref="Suppressed"/>; the JSON says "suppressed" and the CSV "<5".</summary>
    public static readonly object Withheld = new SuppressedCell();

    public sealed record SuppressedCell
    {
        public override string ToString() => "<5";
    }

    /// <summary>
    /// The table as it may leave the service: every count from 1 to 4 withheld, and every rate or number computed from
    /// a withheld count withheld too (it would give the count back). Rows whose label could identify someone go.
    /// </summary>
    public InsightTable Suppressed()
    {
        if (!SuppressSmall) return this;
        var index = Columns.Select((c, i) => (c.Key, i)).ToDictionary(c => c.Key, c => c.i);
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var row in Rows)
        {
            bool Small(int i) => row[i] is int n && n is > 0 and < SuppressBelow;
            if (DropSmallRows && Columns.Select((c, i) => (c, i)).Any(x => x.c.Kind == ColumnKind.Count && Small(x.i))) continue;
            rows.Add([.. Columns.Select((column, i) => column.Kind switch
            {
                ColumnKind.Count when Small(i) => Withheld,
                ColumnKind.Rate or ColumnKind.Number when (column.From ?? []).Any(f => Small(index[f])) => Withheld,
                _ => row[i],
            })]);
        }
        return this with { Rows = rows };
    }

    /// <summary>RFC 4180 CSV, a header row of the column titles; withheld cells read "<5".</summary>
    public string ToCsv()
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', Columns.Select(c => Quote(c.Title))).Append("\r\n");
        foreach (var row in Rows)
            csv.AppendJoin(',', row.Select(cell => Quote(cell switch
            {
                null => "",
                double d => d.ToString("0.#", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => cell.ToString() ?? "",
            }))).Append("\r\n");
        return csv.ToString();
    }

    // A cell starting =, +, - or @ would be a formula in a spreadsheet: prefixed with an apostrophe.
    private static string Quote(string value)
    {
        if (value.Length > 0 && "=+-@".Contains(value[0]) && !double.TryParse(value, CultureInfo.InvariantCulture, out _)) value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
