using BuildingBlocks.Time;
using BuildingBlocks.Validation;
using BuildingBlocks.Web;
using FluentValidation;
using Mediator;

namespace FeedbackService.Insights;

/// <summary>
/// GET /api/feedback/insights (every table), /api/feedback/insights/{table} and /api/feedback/insights/{table}.csv:
/// demand, the referral funnel, outcomes and supply for a period and optionally a ward (curators and commissioners).
/// Small counts are withheld in every answer (<see cref="InsightTable.Suppressed"/>).
/// </summary>
public static class GetInsight
{
    /// <param name="From">First day of the period (yyyy-MM-dd); by default 90 days before <paramref name="To"/>.</param>
    /// <param name="To">Last day of the period, inclusive; by default today (UK).</param>
    public sealed record Query(DateOnly? From = null, DateOnly? To = null, string? Ward = null, string? Table = null) : IQuery<Result>;

    public sealed record Result(DateOnly From, DateOnly To, string? Ward, IReadOnlyList<string> Wards, IReadOnlyList<TableView> Tables);

    /// <summary>A table as JSON: its columns, and rows of cells in column order (null: none; "suppressed": fewer than 5).</summary>
    public sealed record TableView(string Name, string Title, string ChartColumn, string? Note, IReadOnlyList<InsightColumn> Columns,
        IReadOnlyList<IReadOnlyList<object?>> Rows);

    public const int DefaultDays = 90;
    public const int MaxDays = 3 * 366;
    private static readonly DateOnly Earliest = new(2000, 1, 1), Latest = new(2100, 12, 31);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.From).InclusiveBetween(Earliest, Latest);
            RuleFor(q => q.To).InclusiveBetween(Earliest, Latest);
            RuleFor(q => q.To).Must((q, to) => to >= q.From).When(q => q.From is not null && q.To is not null)
                .WithMessage("'to' must be on or after 'from'.");
            RuleFor(q => q.From).Must((q, from) => (q.To ?? UkTime.Today(TimeProvider.System)).DayNumber - from!.Value.DayNumber <= MaxDays)
                .When(q => q.From is not null).WithMessage($"The period may be at most {MaxDays} days.");
            RuleFor(q => q.Ward).MaximumLength(100).MustBePlainText();
        }
    }

    internal sealed class Handler(InsightMetrics metrics, TimeProvider clock) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken ct)
        {
            var to = query.To ?? UkTime.Today(clock);
            var from = query.From ?? to.AddDays(-(DefaultDays - 1));
            var ward = string.IsNullOrWhiteSpace(query.Ward) ? null : query.Ward.Trim();
            if (query.Table is { } name && !InsightMetrics.TableNames.Contains(name))
                throw new NotFoundException("Insight table", name);
            var report = await metrics.ReportAsync(new InsightFilter(from, to, ward), ct);
            var shown = report.Tables.Where(t => query.Table is null || t.Name == query.Table).Select(t => t.Suppressed());
            return new Result(from, to, ward, report.Wards, [.. shown.Select(t => new TableView(t.Name, t.Title, t.ChartColumn, t.Note,
                t.Columns, [.. t.Rows.Select(r => (IReadOnlyList<object?>)[.. r.Select(c => c is InsightTable.SuppressedCell ? "suppressed" : c)])]))]);
        }
    }

    internal static async Task<IResult> Overview([AsParameters] Query query, Sender mediator, CancellationToken ct) =>
        Results.Ok(await mediator.Send(query with { Table = null }, ct));

    internal static async Task<IResult> Table(string table, [AsParameters] Query query, Sender mediator, CancellationToken ct)
    {
        var csv = table.EndsWith(".csv", StringComparison.Ordinal);
        var result = await mediator.Send(query with { Table = csv ? table[..^4] : table }, ct);
        if (!csv) return Results.Ok(result.Tables.Single());
        var view = result.Tables.Single();
        var csvTable = new InsightTable(view.Name, view.Title, view.Columns,
            [.. view.Rows.Select(r => (IReadOnlyList<object?>)[.. r.Select(c => c is "suppressed" ? InsightTable.Withheld : c)])], view.ChartColumn);
        var fileName = $"{view.Name}-{result.From:yyyy-MM-dd}-to-{result.To:yyyy-MM-dd}.csv";
        return Results.File(System.Text.Encoding.UTF8.GetBytes(csvTable.ToCsv()), "text/csv; charset=utf-8", fileName);
    }
}
