using System.Linq.Expressions;
using BuildingBlocks.Time;
using Contracts.Referrals;
using FeedbackService.Data;
using FeedbackService.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FeedbackService.Insights;

/// <summary>A period (whole UK days, From to To inclusive) and optionally one ward.</summary>
public sealed record InsightFilter(DateOnly From, DateOnly To, string? Ward);

/// <summary>Whole UK days, <see cref="From"/> to <see cref="To"/> inclusive.</summary>
public sealed record DayRange(DateOnly From, DateOnly To);

/// <summary>Every table for a period, and the wards the area filter offers.</summary>
public sealed record InsightReport(IReadOnlyList<InsightTable> Tables, IReadOnlyList<string> Wards);

/// <summary>
/// Computes every insight table from the read model, when asked. A referral counts under each ward and category of its
/// activity, so those rows may add up to more than the total. The counting is done in SQL, grouped per activity and
/// referring team (and per tenth of a day for response times), then those cells are added up per ward, category,
/// activity and team here. Whole past months come from their rollups (<see cref="InsightRollups"/>: the same counts,
/// worked out from the same rows by the same queries and never added to, so nothing can double); the rest of the
/// period from the raw rows.
/// </summary>
public sealed class InsightMetrics(FeedbackDb db, IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>On SQLite the queries take turns on the request's own context (see <see cref="Query{T}"/>).</summary>
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>Below this many people an outcome figure carries a caution.</summary>
    public const int SmallSample = 10;

    /// <summary>A listing not confirmed accurate for longer than this is stale (as the Directory's search marks it).</summary>
    public const int StaleAfterDays = 120;

    public static readonly string[] TableNames =
    [
        "demand-total", "demand-by-ward", "demand-by-category", "demand-over-time", "missed-words",
        "funnel-total", "outcomes-total", "funnel-by-category", "funnel-by-ward", "funnel-by-activity", "funnel-by-team",
        "outcomes-by-category", "outcomes-by-activity", "outcomes-by-ward", "supply-by-ward", "supply-by-category", "stale-by-provider",
        "cold-spots", "ward-map",
    ];

    /// <summary>Searches of one ward and one set of categories, missed or not, in the period.</summary>
    public sealed record SearchCell(string? Ward, string Categories, bool Miss, int Count);

    /// <summary>Searches of a day (or, from the rollups, a month's first day), missed or not.</summary>
    public sealed record SearchDay(DateOnly Day, bool Miss, int Count);

    /// <summary>Searches of a ward with one set of unmatched words ("|a|b|"), and how many of them were told to the hub.</summary>
    public sealed record SearchWords(string? Ward, string Words, int Count, int Told);

    /// <summary>Provider response times of one activity's referrals: how many took a given number of tenths of a day.</summary>
    public sealed record ActivityResponses(Guid ServiceId, int Tenths, int Count);

    /// <summary>The same, per referring team.</summary>
    public sealed record TeamResponses(string? Team, int Tenths, int Count);

    /// <summary>The funnel and outcome counts of one activity's referrals from one team (each query fills its part).</summary>
    public sealed record FunnelCell(Guid ServiceId, string? Team)
    {
        public int Requested { get; init; }
        public int Accepted { get; init; }
        public int Completed { get; init; }
        public int Responded { get; init; }
        public int Attended { get; init; }
        public int Missed { get; init; }
        public int FirstAttended { get; init; }
        public int People { get; init; }
        public int Ons4People { get; init; }
        public long Ons4Sum { get; init; }
        public int UclaPeople { get; init; }
        public long UclaSum { get; init; }

        /// <summary>The cells of each activity and team added up (each referral is in one cell of each query, so they add).</summary>
        public static List<FunnelCell> Sum(IEnumerable<FunnelCell> cells) =>
        [
            .. cells.GroupBy(c => (c.ServiceId, c.Team)).Select(g => new FunnelCell(g.Key.ServiceId, g.Key.Team)
            {
                Requested = g.Sum(c => c.Requested), Accepted = g.Sum(c => c.Accepted), Completed = g.Sum(c => c.Completed), Responded = g.Sum(c => c.Responded),
                Attended = g.Sum(c => c.Attended), Missed = g.Sum(c => c.Missed), FirstAttended = g.Sum(c => c.FirstAttended), People = g.Sum(c => c.People),
                Ons4People = g.Sum(c => c.Ons4People), Ons4Sum = g.Sum(c => c.Ons4Sum), UclaPeople = g.Sum(c => c.UclaPeople), UclaSum = g.Sum(c => c.UclaSum),
            }),
        ];
    }

    /// <summary>What the funnel and outcome tables add up: one activity's (and team's) referrals, or a group of them.</summary>
    private sealed class Counts
    {
        public int Requested, Accepted, Completed, Responded, FirstAttended, Attended, Missed, People, Ons4People, UclaPeople;
        public long Ons4Sum, UclaSum;
        public readonly SortedDictionary<int, int> ResponseTenths = [];

        public void Add(Counts other)
        {
            (Requested, Accepted, Completed, Responded) = (Requested + other.Requested, Accepted + other.Accepted, Completed + other.Completed, Responded + other.Responded);
            (FirstAttended, Attended, Missed) = (FirstAttended + other.FirstAttended, Attended + other.Attended, Missed + other.Missed);
            (People, Ons4People, UclaPeople, Ons4Sum, UclaSum) = (People + other.People, Ons4People + other.Ons4People, UclaPeople + other.UclaPeople,
                Ons4Sum + other.Ons4Sum, UclaSum + other.UclaSum);
            foreach (var (tenths, count) in other.ResponseTenths) AddResponses(tenths, count);
        }

        public void Add(FunnelCell cell) => Add(new Counts
        {
            Requested = cell.Requested, Accepted = cell.Accepted, Completed = cell.Completed, Responded = cell.Responded, FirstAttended = cell.FirstAttended,
            Attended = cell.Attended, Missed = cell.Missed, People = cell.People, Ons4People = cell.Ons4People, UclaPeople = cell.UclaPeople,
            Ons4Sum = cell.Ons4Sum, UclaSum = cell.UclaSum,
        });

        public void AddResponses(int tenths, int count) => ResponseTenths[tenths] = ResponseTenths.GetValueOrDefault(tenths) + count;

        /// <summary>Nearest-rank percentile of the response times, in days to one decimal.</summary>
        public double? Percentile(double p)
        {
            var total = ResponseTenths.Values.Sum();
            if (total == 0) return null;
            var rank = Math.Max(1, (int)Math.Ceiling(p * total));
            foreach (var (tenths, count) in ResponseTenths)
                if ((rank -= count) <= 0) return tenths / 10.0;
            return ResponseTenths.Keys.Last() / 10.0;
        }
    }

    public async Task<IReadOnlyList<InsightTable>> TablesAsync(InsightFilter filter, CancellationToken ct) => (await ReportAsync(filter, ct)).Tables;

    /// <param name="rolledUpMonths">
    /// Whether whole past months rolled up (<see cref="InsightRollups"/>) are read from their rollups; false counts
    /// everything from the raw rows (the same answer, slower: for the tests and the benchmark to compare).
    /// </param>
    public async Task<InsightReport> ReportAsync(InsightFilter filter, CancellationToken ct, bool rolledUpMonths = true)
    {
        var activitiesRead = Query(d => d.Set<InsightActivity>().AsNoTracking().ToDictionaryAsync(a => a.ServiceId, ct), ct);
        var indicatorsRead = Query(d => d.Set<InsightWardIndicator>().AsNoTracking().ToListAsync(ct), ct);
        var centresRead = Query(d => d.Set<InsightWardCentre>().AsNoTracking().ToListAsync(ct), ct);
        var (months, raw) = rolledUpMonths ? await PlanAsync(filter, ct) : ([], [new DayRange(filter.From, filter.To)]);
        var byMonth = filter.To.DayNumber - filter.From.DayNumber > 92;
        // Per ward (every ward: the cold spots take them all, whatever the ward filter) and set of categories.
        var cellsRead = Both(d => RolledSearchCells(d, months, ct), d => RawSearchCells(d, raw, ct), ct);
        // Weeks do not fit in months: a period of weeks (92 days or fewer) is counted from the raw rows.
        var daysRead = byMonth
            ? Both(d => RolledSearchMonths(d, months, filter.Ward, ct), d => RawSearchDays(d, raw, filter.Ward, ct), ct)
            : Query(d => RawSearchDays(d, [new DayRange(filter.From, filter.To)], filter.Ward, ct), ct);
        var wordsRead = Both(d => RolledMissedWords(d, months, filter.Ward, ct), d => RawMissedWords(d, raw, filter.Ward, ct), ct);
        var activities = await activitiesRead;
        var funnel = FunnelAsync(filter, months, raw, activities, ct);
        var (indicators, cells) = (await indicatorsRead, await cellsRead);

        var listedWards = activities.Values.Where(a => !a.Removed).SelectMany(a => a.WardList);
        var wards = listedWards.Concat(cells.Where(c => c.Ward is not null).Select(c => c.Ward!))
            .Concat(filter.Ward is { } chosen ? [chosen] : []).Distinct().Order(StringComparer.Ordinal).ToList();
        var searchesByWard = cells.Where(c => c.Ward is not null).GroupBy(c => c.Ward!).Select(g => (g.Key, g.Sum(c => c.Count)));
        IReadOnlyList<InsightTable> tables =
        [
            .. Demand(byMonth, [.. cells.Where(c => filter.Ward is null || c.Ward == filter.Ward)], await daysRead, await wordsRead),
            .. await funnel, .. Supply(filter, activities, indicators, clock.GetUtcNow()),
            .. InsightColdSpots.Tables(indicators, await centresRead, searchesByWard, activities.Values.Where(a => !a.Removed && a.Name.Length > 0)),
        ];
        return new InsightReport(tables, wards);
    }

    /// <summary>
    /// Which whole months of the period are read from their rollups (past months, rolled up since their rows last
    /// changed) and which days from the raw rows (the rest: the current month, the period's partial months at either
    /// end, and any month changed since its rollup). Each day is in exactly one of the two, so nothing counts twice.
    /// </summary>
    private async Task<(List<DateOnly> Months, List<DayRange> Raw)> PlanAsync(InsightFilter filter, CancellationToken ct)
    {
        var thisMonth = InsightRollups.MonthOf(UkTime.Today(clock));
        var first = filter.From.Day == 1 ? filter.From : InsightRollups.MonthOf(filter.From).AddMonths(1);
        var whole = new List<DateOnly>();
        for (var month = first; month < thisMonth && month.AddMonths(1).AddDays(-1) <= filter.To; month = month.AddMonths(1)) whole.Add(month);
        var months = whole.Count == 0 ? [] : await Query(d => d.Set<InsightRollupMonth>().AsNoTracking()
            .Where(m => whole.Contains(m.Month) && m.RolledUp == m.Changed).Select(m => m.Month).OrderBy(m => m).ToListAsync(ct), ct);
        var raw = new List<DayRange>();
        var next = filter.From;
        foreach (var month in months)
        {
            if (next < month) raw.Add(new DayRange(next, month.AddDays(-1)));
            next = month.AddMonths(1);
        }
        if (next <= filter.To) raw.Add(new DayRange(next, filter.To));
        return (months, raw);
    }

    /// <summary>
    /// One of the report's queries. On PostgreSQL each runs on a context (and connection) of its own, so the dozen
    /// independent groupings run at once rather than one after another; on SQLite (the embedded default: one small
    /// file, one writer) they take turns on the request's context.
    /// </summary>
    private async Task<T> Query<T>(Func<FeedbackDb, Task<T>> query, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            await using var scope = scopes.CreateAsyncScope();
            return await query(scope.ServiceProvider.GetRequiredService<FeedbackDb>());
        }
        await _turn.WaitAsync(ct);
        try { return await query(db); }
        finally { _turn.Release(); }
    }

    /// <summary>The rolled-up months' cells and the raw days' cells of one grouping, read at once.</summary>
    private async Task<List<T>> Both<T>(Func<FeedbackDb, Task<List<T>>> rolledUp, Func<FeedbackDb, Task<List<T>>> raw, CancellationToken ct)
    {
        var (fromRollups, fromRows) = (Query(rolledUp, ct), Query(raw, ct));
        return [.. await fromRollups, .. await fromRows];
    }

    /// <summary>Searches and referrals on the given days (ranges of whole UK days), as an indexed range per range.</summary>
    private static Expression<Func<T, bool>> OnDays<T>(Expression<Func<T, DateOnly>> day, IReadOnlyList<DayRange> days)
    {
        // Each bound read from its range object, so EF sends it as a parameter (one query shape per number of ranges).
        var on = days.Select(range => Expression.AndAlso(
                Expression.GreaterThanOrEqual(day.Body, Expression.Property(Expression.Constant(range), nameof(DayRange.From))),
                Expression.LessThanOrEqual(day.Body, Expression.Property(Expression.Constant(range), nameof(DayRange.To)))))
            .Aggregate<Expression, Expression>(Expression.Constant(false), Expression.OrElse);
        return Expression.Lambda<Func<T, bool>>(on, day.Parameters);
    }

    private static IQueryable<InsightSearch> Searches(FeedbackDb d, IReadOnlyList<DayRange> days, string? ward)
    {
        var searches = d.Set<InsightSearch>().AsNoTracking().Where(OnDays<InsightSearch>(s => s.Day, days));
        return ward is null ? searches : searches.Where(s => s.Ward == ward);
    }

    private static IQueryable<InsightReferral> Referrals(FeedbackDb d, IReadOnlyList<DayRange> days, List<Guid>? inWard)
    {
        var referrals = d.Set<InsightReferral>().AsNoTracking().Where(r => r.Sent && !r.EnteredInError).Where(OnDays<InsightReferral>(r => r.Day, days));
        return inWard is null ? referrals : referrals.Where(r => inWard.Contains(r.ServiceId));
    }

    // The raw queries: counted from the rows, for the days given. The rollups are made by these same queries, a month at a time.

    public static Task<List<SearchCell>> RawSearchCells(FeedbackDb d, IReadOnlyList<DayRange> days, CancellationToken ct) =>
        days.Count == 0 ? Task.FromResult(new List<SearchCell>()) : Searches(d, days, null).GroupBy(s => new { s.Ward, s.Categories, s.Miss })
            .Select(g => new SearchCell(g.Key.Ward, g.Key.Categories, g.Key.Miss, g.Count())).ToListAsync(ct);

    public static Task<List<SearchDay>> RawSearchDays(FeedbackDb d, IReadOnlyList<DayRange> days, string? ward, CancellationToken ct) =>
        days.Count == 0 ? Task.FromResult(new List<SearchDay>()) : Searches(d, days, ward).GroupBy(s => new { s.Day, s.Miss })
            .Select(g => new SearchDay(g.Key.Day, g.Key.Miss, g.Count())).ToListAsync(ct);

    public static Task<List<SearchWords>> RawMissedWords(FeedbackDb d, IReadOnlyList<DayRange> days, string? ward, CancellationToken ct) =>
        days.Count == 0 ? Task.FromResult(new List<SearchWords>()) : Searches(d, days, ward).Where(s => s.UnmatchedWords != "|")
            .GroupBy(s => new { s.Ward, s.UnmatchedWords }).Select(g => new SearchWords(g.Key.Ward, g.Key.UnmatchedWords, g.Count(), g.Count(s => s.ToldHub))).ToListAsync(ct);

    /// <summary>Each activity's and team's referrals, grouped in SQL.</summary>
    public static Task<List<FunnelCell>> RawReferralCounts(FeedbackDb d, IReadOnlyList<DayRange> days, List<Guid>? inWard, CancellationToken ct) =>
        days.Count == 0 ? Task.FromResult(new List<FunnelCell>()) : Referrals(d, days, inWard).GroupBy(r => new { r.ServiceId, r.Team }).Select(g => new FunnelCell(g.Key.ServiceId, g.Key.Team)
        {
            Requested = g.Count(), Accepted = g.Count(r => r.AcceptedAt != null || r.StartedAt != null || r.CompletedAt != null),
            Completed = g.Count(r => r.CompletedAt != null), Responded = g.Count(r => r.ResponseTenths != null),
        }).ToListAsync(ct);

    /// <summary>Their sessions, joined to them and grouped the same way.</summary>
    public static Task<List<FunnelCell>> RawSessionCounts(FeedbackDb d, IReadOnlyList<DayRange> days, List<Guid>? inWard, CancellationToken ct) =>
        days.Count == 0 ? Task.FromResult(new List<FunnelCell>()) :
        (from s in d.Set<InsightSession>()
         where s.Status == AttendanceStatus.Attended || s.Status == AttendanceStatus.DidNotAttend
         join r in Referrals(d, days, inWard) on s.ReferralId equals r.ReferralId
         select new { r.ServiceId, r.Team, s.ReferralId, s.Status }).GroupBy(s => new { s.ServiceId, s.Team }).Select(g => new FunnelCell(g.Key.ServiceId, g.Key.Team)
        {
            Attended = g.Count(s => s.Status == AttendanceStatus.Attended), Missed = g.Count(s => s.Status == AttendanceStatus.DidNotAttend),
            FirstAttended = g.Where(s => s.Status == AttendanceStatus.Attended).Select(s => s.ReferralId).Distinct().Count(),
        }).ToListAsync(ct);

    /// <summary>Their outcome changes (baseline to follow-up), grouped the same way.</summary>
    public static Task<List<FunnelCell>> RawOutcomeChanges(FeedbackDb d, IReadOnlyList<DayRange> days, List<Guid>? inWard, CancellationToken ct) =>
        days.Count == 0 ? Task.FromResult(new List<FunnelCell>()) :
        (from b in d.Set<InsightOutcome>()
         where b.Stage == OutcomeStage.Baseline
         join f in d.Set<InsightOutcome>().Where(o => o.Stage == OutcomeStage.FollowUp) on b.ReferralId equals f.ReferralId
         join r in Referrals(d, days, inWard) on b.ReferralId equals r.ReferralId
         select new { r.ServiceId, r.Team, Ons4 = f.Ons4Total - b.Ons4Total, Ucla = b.LonelinessTotal - f.LonelinessTotal })
        .GroupBy(o => new { o.ServiceId, o.Team }).Select(g => new FunnelCell(g.Key.ServiceId, g.Key.Team)
        {
            People = g.Count(), Ons4People = g.Count(o => o.Ons4 != null), Ons4Sum = g.Sum(o => (long?)o.Ons4) ?? 0,
            UclaPeople = g.Count(o => o.Ucla != null), UclaSum = g.Sum(o => (long?)o.Ucla) ?? 0,
        }).ToListAsync(ct);

    /// <summary>The three above, one after another, added up per activity and team (what a month's rollup keeps).</summary>
    public static async Task<List<FunnelCell>> RawFunnelCells(FeedbackDb d, IReadOnlyList<DayRange> days, List<Guid>? inWard, CancellationToken ct) =>
        FunnelCell.Sum([.. await RawReferralCounts(d, days, inWard, ct), .. await RawSessionCounts(d, days, inWard, ct), .. await RawOutcomeChanges(d, days, inWard, ct)]);

    // Response times as counts per tenth of a day, per activity and per team (percentiles do not add up; counts do).

    public static Task<List<ActivityResponses>> RawResponsesByActivity(FeedbackDb d, IReadOnlyList<DayRange> days, List<Guid>? inWard, CancellationToken ct) =>
        days.Count == 0 ? Task.FromResult(new List<ActivityResponses>()) : Referrals(d, days, inWard).Where(r => r.ResponseTenths != null)
            .GroupBy(r => new { r.ServiceId, r.ResponseTenths }).Select(g => new ActivityResponses(g.Key.ServiceId, g.Key.ResponseTenths!.Value, g.Count())).ToListAsync(ct);

    public static Task<List<TeamResponses>> RawResponsesByTeam(FeedbackDb d, IReadOnlyList<DayRange> days, List<Guid>? inWard, CancellationToken ct) =>
        days.Count == 0 ? Task.FromResult(new List<TeamResponses>()) : Referrals(d, days, inWard).Where(r => r.ResponseTenths != null)
            .GroupBy(r => new { r.Team, r.ResponseTenths }).Select(g => new TeamResponses(g.Key.Team, g.Key.ResponseTenths!.Value, g.Count())).ToListAsync(ct);

    // The same groupings read from the rolled-up months' cells.

    private static Task<List<SearchCell>> RolledSearchCells(FeedbackDb d, List<DateOnly> months, CancellationToken ct) =>
        months.Count == 0 ? Task.FromResult(new List<SearchCell>()) : d.Set<InsightMonthSearches>().AsNoTracking().Where(s => months.Contains(s.Month))
            .GroupBy(s => new { s.Ward, s.Categories, s.Miss }).Select(g => new SearchCell(g.Key.Ward, g.Key.Categories, g.Key.Miss, g.Sum(s => s.Count))).ToListAsync(ct);

    /// <summary>Each month's searches as on its first day (demand over time by month).</summary>
    private static Task<List<SearchDay>> RolledSearchMonths(FeedbackDb d, List<DateOnly> months, string? ward, CancellationToken ct) =>
        months.Count == 0 ? Task.FromResult(new List<SearchDay>()) : d.Set<InsightMonthSearches>().AsNoTracking()
            .Where(s => months.Contains(s.Month) && (ward == null || s.Ward == ward))
            .GroupBy(s => new { s.Month, s.Miss }).Select(g => new SearchDay(g.Key.Month, g.Key.Miss, g.Sum(s => s.Count))).ToListAsync(ct);

    private static Task<List<SearchWords>> RolledMissedWords(FeedbackDb d, List<DateOnly> months, string? ward, CancellationToken ct) =>
        months.Count == 0 ? Task.FromResult(new List<SearchWords>()) : d.Set<InsightMonthMissedWord>().AsNoTracking()
            .Where(w => months.Contains(w.Month) && (ward == null || w.Ward == ward))
            .GroupBy(w => w.Word).Select(g => new SearchWords(ward, "|" + g.Key + "|", g.Sum(w => w.Count), g.Sum(w => w.Told))).ToListAsync(ct);

    /// <summary>A rolled-up month's counts of one activity (all teams) or one team (all activities), with its response counts.</summary>
    private sealed record RolledCell(Guid? ServiceId, string? Team, FunnelCell Cell, string Responses);

    /// <summary>
    /// The rolled-up months' counts per activity and per team. For one ward, the teams' counts are added up from the
    /// activity-and-team rows of the ward's activities (their response times come from the raw rows, as a team's kept
    /// response counts span every activity).
    /// </summary>
    private static async Task<List<RolledCell>> RolledActivitiesAndTeams(FeedbackDb d, List<DateOnly> months, List<Guid>? inWard, CancellationToken ct)
    {
        if (months.Count == 0) return [];
        var rows = d.Set<InsightMonthReferrals>().AsNoTracking().Where(r => months.Contains(r.Month));
        var kept = inWard is null
            ? rows.Where(r => r.By != InsightMonthReferrals.ActivityAndTeam)
            : rows.Where(r => r.By == InsightMonthReferrals.ActivityOnly && inWard.Contains(r.ServiceId!.Value));
        var cells = await kept.Select(r => new RolledCell(r.ServiceId, r.Team, new FunnelCell(r.ServiceId ?? Guid.Empty, r.Team)
        {
            Requested = r.Requested, Accepted = r.Accepted, Completed = r.Completed, Responded = r.Responded, Attended = r.Attended, Missed = r.Missed,
            FirstAttended = r.FirstAttended, People = r.People, Ons4People = r.Ons4People, Ons4Sum = r.Ons4Sum, UclaPeople = r.UclaPeople, UclaSum = r.UclaSum,
        }, r.Responses)).ToListAsync(ct);
        if (inWard is null) return cells;
        return [.. cells, .. await rows.Where(r => r.By == InsightMonthReferrals.ActivityAndTeam && inWard.Contains(r.ServiceId!.Value))
            .GroupBy(r => r.Team).Select(g => new RolledCell(null, g.Key, new FunnelCell(Guid.Empty, g.Key)
            {
                Requested = g.Sum(r => r.Requested), Accepted = g.Sum(r => r.Accepted), Completed = g.Sum(r => r.Completed), Responded = g.Sum(r => r.Responded),
                Attended = g.Sum(r => r.Attended), Missed = g.Sum(r => r.Missed), FirstAttended = g.Sum(r => r.FirstAttended),
                People = g.Sum(r => r.People), Ons4People = g.Sum(r => r.Ons4People), Ons4Sum = g.Sum(r => r.Ons4Sum),
                UclaPeople = g.Sum(r => r.UclaPeople), UclaSum = g.Sum(r => r.UclaSum),
            }, "")).ToListAsync(ct)];
    }

    private static IReadOnlyList<InsightTable> Demand(bool byMonth, IReadOnlyList<SearchCell> cells, IReadOnlyList<SearchDay> days,
        IReadOnlyList<SearchWords> words)
    {

        InsightTable Demand(string name, string title, string label, IEnumerable<(string Key, bool Miss, int Count)> keyed) =>
            new(name, title, [new("label", label, ColumnKind.Label), new("searches", "Searches", ColumnKind.Count),
                    new("misses", "Misses", ColumnKind.Count), new("missRate", "Miss rate (%)", ColumnKind.Rate, ["searches", "misses"])],
                [.. keyed.GroupBy(k => k.Key).Select(g => (Key: g.Key, Searches: g.Sum(k => k.Count), Misses: g.Where(k => k.Miss).Sum(k => k.Count)))
                    .Select(g => (object?[])[g.Key, g.Searches, g.Misses, Percent(g.Misses, g.Searches)])
                    .OrderByDescending(r => (int)r[1]!).ThenBy(r => (string)r[0]!)],
                "searches", "A miss found nothing, or found something only by loosening the search to any one word.");

        var overTime = Demand("demand-over-time", byMonth ? "Searches by month" : "Searches by week", byMonth ? "Month" : "Week beginning",
            days.Select(d => (PeriodOf(d.Day, byMonth), d.Miss, d.Count)));
        return
        [
            Demand("demand-total", "All searches", "Searches", cells.Select(c => ("All searches", c.Miss, c.Count))),
            Demand("demand-by-ward", "Searches by ward", "Ward", cells.Select(c => (c.Ward ?? "(no area given)", c.Miss, c.Count))),
            Demand("demand-by-category", "Searches by category", "Category",
                cells.SelectMany(c => InsightActivity.Split(c.Categories) is { Count: > 0 } split ? split : ["(no category chosen)"], (c, category) => (category, c.Miss, c.Count))),
            overTime with { Rows = [.. overTime.Rows.OrderBy(r => (string)r[0]!)] },
            new("missed-words", "Words searched for that no listing holds",
                [new("label", "Word", ColumnKind.Label), new("searches", "Searches", ColumnKind.Count), new("told", "Told the hub", ColumnKind.Count)],
                [.. words.SelectMany(w => InsightActivity.Split(w.Words), (w, word) => (word, w.Count, w.Told)).GroupBy(w => w.word)
                    .Select(g => (object?[])[g.Key, g.Sum(w => w.Count), g.Sum(w => w.Told)]).OrderByDescending(r => (int)r[1]!).ThenBy(r => (string)r[0]!).Take(50)],
                "searches", "Screened: nothing that looks like a name, phone number, email address or postcode is kept. Words searched fewer than 5 times are left out.",
                DropSmallRows: true),
        ];
    }

    private async Task<IReadOnlyList<InsightTable>> FunnelAsync(InsightFilter filter, List<DateOnly> months, List<DayRange> raw,
        Dictionary<Guid, InsightActivity> activities, CancellationToken ct)
    {
        var inWard = filter.Ward is { } ward ? activities.Values.Where(a => a.WardList.Contains(ward)).Select(a => a.ServiceId).ToList() : null;
        var cellsRead = new[]
        {
            Query(d => RawReferralCounts(d, raw, inWard, ct), ct), Query(d => RawSessionCounts(d, raw, inWard, ct), ct),
            Query(d => RawOutcomeChanges(d, raw, inWard, ct), ct),
        };
        var rolledRead = Query(d => RolledActivitiesAndTeams(d, months, inWard, ct), ct);
        var byActivityRead = Query(d => RawResponsesByActivity(d, raw, inWard, ct), ct);
        // A team's rollup counts every activity's referrals: for one ward's, its response times come from the raw rows.
        var byTeamRead = Query(d => RawResponsesByTeam(d, inWard is null ? raw : [new DayRange(filter.From, filter.To)], inWard, ct), ct);

        // Each activity's counts and each team's, from the raw rows' cells (an activity's referrals from a team) and the rollups.
        var perActivity = new Dictionary<Guid, Counts>();
        var teams = new Dictionary<string, Counts>(StringComparer.Ordinal);
        Counts Activity(Guid serviceId) => perActivity.TryGetValue(serviceId, out var c) ? c : perActivity[serviceId] = new Counts();
        Counts Team(string? team) => teams.TryGetValue(team ?? "(no team)", out var g) ? g : teams[team ?? "(no team)"] = new Counts();
        foreach (var cell in (await Task.WhenAll(cellsRead)).SelectMany(c => c))
        {
            Activity(cell.ServiceId).Add(cell);
            Team(cell.Team).Add(cell);
        }
        foreach (var r in await byActivityRead) Activity(r.ServiceId).AddResponses(r.Tenths, r.Count);
        foreach (var r in await byTeamRead) Team(r.Team).AddResponses(r.Tenths, r.Count);
        foreach (var rolled in await rolledRead)
        {
            var counts = rolled.ServiceId is { } serviceId ? Activity(serviceId) : Team(rolled.Team);
            counts.Add(rolled.Cell);
            foreach (var (tenths, count) in ResponseCounts.Read(rolled.Responses)) counts.AddResponses(tenths, count);
        }

        // Each activity's wards and categories split once.
        var known = activities.ToDictionary(a => a.Key, a => (Wards: a.Value.WardList, Categories: a.Value.CategoryList, a.Value.Name));
        IReadOnlyList<string> Wards(Guid id) => known.TryGetValue(id, out var a) && a.Wards.Count > 0 ? a.Wards : ["(ward not known)"];
        IReadOnlyList<string> Categories(Guid id) => known.TryGetValue(id, out var a) && a.Categories.Count > 0 ? a.Categories : ["(category not known)"];
        IReadOnlyList<string> ActivityName(Guid id) => [known.TryGetValue(id, out var a) && a.Name.Length > 0 ? a.Name : "(activity not known)"];

        // Activities' counts added up per label (ward, category, activity).
        Dictionary<string, Counts> ByActivity(Func<Guid, IReadOnlyList<string>> labels)
        {
            var groups = new Dictionary<string, Counts>(StringComparer.Ordinal);
            Counts Group(string label) => groups.TryGetValue(label, out var g) ? g : groups[label] = new Counts();
            foreach (var (serviceId, counts) in perActivity)
                foreach (var label in labels(serviceId)) Group(label).Add(counts);
            return groups;
        }
        var (byCategory, byWard, byName) = (ByActivity(Categories), ByActivity(Wards), ByActivity(ActivityName));
        var total = new Counts();
        foreach (var counts in perActivity.Values) total.Add(counts); // the activities partition the referrals
        var all = new Dictionary<string, Counts> { ["All referrals"] = total };

        InsightTable FunnelBy(string name, string title, string label, Dictionary<string, Counts> groups) =>
            new(name, title,
                [
                    new("label", label, ColumnKind.Label), new("requested", "Requested", ColumnKind.Count), new("accepted", "Accepted", ColumnKind.Count),
                    new("firstAttended", "First attended", ColumnKind.Count), new("completed", "Completed", ColumnKind.Count),
                    new("acceptedRate", "Accepted (% of requested)", ColumnKind.Rate, ["requested", "accepted"]),
                    new("attendedRate", "First attended (% of accepted)", ColumnKind.Rate, ["accepted", "firstAttended"]),
                    new("completedRate", "Completed (% of requested)", ColumnKind.Rate, ["requested", "completed"]),
                    new("responded", "Answered by provider", ColumnKind.Count),
                    new("responseMedianDays", "Provider response, median (days)", ColumnKind.Number, ["responded"]),
                    new("response90thDays", "Provider response, 90th percentile (days)", ColumnKind.Number, ["responded"]),
                    new("sessions", "Sessions recorded", ColumnKind.Count), new("didNotAttend", "Did not attend", ColumnKind.Count),
                    new("didNotAttendRate", "Did not attend (% of sessions)", ColumnKind.Rate, ["sessions", "didNotAttend"]),
                ],
                [.. groups.Where(g => g.Value.Requested > 0).Select(g => FunnelRow(g.Key, g.Value)).OrderByDescending(r => (int)r[1]!).ThenBy(r => (string)r[0]!)],
                "requested",
                "Accepted counts referrals that were accepted (or went on to start or complete); first attended, those with an attended session. " +
                "Response time runs from the request to the provider's first answer (accepted or declined).");

        InsightTable OutcomesBy(string name, string title, string label, Dictionary<string, Counts> groups) =>
            new(name, title,
                [
                    new("label", label, ColumnKind.Label), new("people", "People with both measures", ColumnKind.Count),
                    new("ons4Change", "ONS4 change, mean (higher is better)", ColumnKind.Number, ["people"]),
                    new("uclaChange", "UCLA-3 loneliness fall, mean (higher is better)", ColumnKind.Number, ["people"]),
                    new("caution", "Caution", ColumnKind.Label),
                ],
                [.. groups.Where(g => g.Value.People > 0).Select(g => OutcomeRow(g.Key, g.Value)).OrderByDescending(r => (int)r[1]!).ThenBy(r => (string)r[0]!)],
                "ons4Change",
                $"Change from baseline to follow-up, for people with both. Under {SmallSample} people a figure is a weak guide; under 5 it is withheld.");

        return
        [
            FunnelBy("funnel-total", "All referrals", "Referrals", all),
            OutcomesBy("outcomes-total", "What works: wellbeing change, all referrals", "Referrals", all),
            FunnelBy("funnel-by-category", "Referral funnel by category", "Category", byCategory),
            FunnelBy("funnel-by-ward", "Referral funnel by ward", "Ward", byWard),
            FunnelBy("funnel-by-activity", "Referral funnel by activity", "Activity", byName),
            FunnelBy("funnel-by-team", "Referral funnel by referring team", "Referring team", teams),
            OutcomesBy("outcomes-by-category", "What works: wellbeing change by category", "Category", byCategory),
            OutcomesBy("outcomes-by-activity", "What works: wellbeing change by activity", "Activity", byName),
            OutcomesBy("outcomes-by-ward", "What works: wellbeing change by ward", "Ward", byWard),
        ];
    }

    private static object?[] FunnelRow(string label, Counts c)
    {
        var sessions = c.Attended + c.Missed;
        return [label, c.Requested, c.Accepted, c.FirstAttended, c.Completed, Percent(c.Accepted, c.Requested), Percent(c.FirstAttended, c.Accepted),
            Percent(c.Completed, c.Requested), c.Responded, c.Percentile(0.5), c.Percentile(0.9), sessions, c.Missed, Percent(c.Missed, sessions)];
    }

    private static object?[] OutcomeRow(string label, Counts c) =>
        [label, c.People, c.Ons4People > 0 ? Math.Round((double)c.Ons4Sum / c.Ons4People, 1) : null,
            c.UclaPeople > 0 ? Math.Round((double)c.UclaSum / c.UclaPeople, 1) : null,
            // Under 5 the number itself is withheld, so the caution must not give it back.
            c.People switch { 0 => null, < InsightTable.SuppressBelow => "Small sample (fewer than 5)", < SmallSample => $"Small sample (n={c.People})", _ => null }];

    /// <summary>
    /// Listings as they stand now: per ward and category, how many, per 1,000 residents (the uploaded ward
    /// indicators' population: the ward's own, or for a category every uploaded ward's, or the chosen ward's), and how
    /// many are free, accessible, in the evening, at the weekend, accepting referrals, with spaces or a waiting list;
    /// and per provider, how many are stale.
    /// </summary>
    private static IReadOnlyList<InsightTable> Supply(InsightFilter filter, Dictionary<Guid, InsightActivity> activities,
        List<InsightWardIndicator> indicators, DateTimeOffset now)
    {
        var listed = activities.Values.Where(a => !a.Removed && a.Name.Length > 0)
            .Where(a => filter.Ward is null || a.WardList.Contains(filter.Ward)).ToList();
        var comparer = StringComparer.OrdinalIgnoreCase;
        int? PopulationOf(string ward) => indicators.FirstOrDefault(w => comparer.Equals(w.Name, ward) || comparer.Equals(w.Code, ward))?.Population;
        int? area = filter.Ward is { } chosen ? PopulationOf(chosen) : indicators.Count > 0 ? indicators.Sum(w => w.Population) : null;
        const string Facts = "Free, accessible (a place it runs at lists an accessibility feature), evening (a session starting at 5pm or later) " +
                             "and weekend count the listings whose Directory sent those facts. ";

        InsightTable SupplyBy(string name, string title, string label, Func<InsightActivity, IEnumerable<string>> keys, Func<string, int?> population, string note) =>
            new(name, title,
                [
                    new("label", label, ColumnKind.Label), new("activities", "Activities listed", ColumnKind.Count),
                    new("per1000", "Activities per 1,000 residents", ColumnKind.Number),
                    new("free", "Free", ColumnKind.Count), new("accessible", "Accessible", ColumnKind.Count),
                    new("evening", "Evening", ColumnKind.Count), new("weekend", "Weekend", ColumnKind.Count),
                    new("accepting", "Accepting referrals", ColumnKind.Count), new("spaces", "With spaces", ColumnKind.Count),
                    new("waitlist", "Waiting list", ColumnKind.Count),
                ],
                [.. listed.SelectMany(keys, (a, k) => (Key: k, Activity: a)).GroupBy(x => x.Key, x => x.Activity)
                    .Select(g => (object?[])[g.Key, g.Count(), population(g.Key) is > 0 and var people ? Math.Round(1000.0 * g.Count() / people, 2) : null,
                        g.Count(a => a.Free == true), g.Count(a => a.Accessible == true), g.Count(a => a.Evening == true), g.Count(a => a.Weekend == true),
                        g.Count(a => a.AcceptingReferrals == "yes"), g.Count(a => a.Spaces > 0), g.Count(a => a.AcceptingReferrals == "waitlist")])
                    .OrderByDescending(r => (int)r[1]!).ThenBy(r => (string)r[0]!)],
                "activities", Facts + note + " Counts of activities describe no person, so are not withheld.", SuppressSmall: false);

        var stale = now.AddDays(-StaleAfterDays);
        var byProvider = new InsightTable("stale-by-provider", "Stale listings by provider",
            [
                new("label", "Provider", ColumnKind.Label), new("activities", "Activities listed", ColumnKind.Count),
                new("stale", "Stale", ColumnKind.Count), new("staleRate", "Stale (% of listed)", ColumnKind.Rate, ["activities", "stale"]),
                new("oldestCheck", "Longest since checked (days)", ColumnKind.Number),
            ],
            [.. listed.Where(a => a.LastVerifiedAt is not null).GroupBy(a => a.Provider ?? "(provider not known)")
                .Select(g => (Provider: g.Key, Listed: g.Count(), Stale: g.Count(a => a.LastVerifiedAt < stale),
                    Oldest: (int)Math.Floor((now - g.Min(a => a.LastVerifiedAt!.Value)).TotalDays)))
                .Select(p => (object?[])[p.Provider, p.Listed, p.Stale, Percent(p.Stale, p.Listed), Math.Max(0, p.Oldest)])
                .OrderByDescending(r => (int)r[2]!).ThenByDescending(r => (int)r[1]!).ThenBy(r => (string)r[0]!)],
            "stale", $"A listing is stale when its provider has not confirmed it accurate for over {StaleAfterDays} days. " +
                     "Listings as they stand now; counts of activities are not withheld.", SuppressSmall: false);
        return
        [
            SupplyBy("supply-by-ward", "Activities by ward", "Ward", a => a.WardList.Count > 0 ? a.WardList : ["(no ward: online or phone)"],
                PopulationOf, "Per 1,000 residents uses the ward's population from the uploaded ward indicators."),
            SupplyBy("supply-by-category", "Activities by category", "Category", a => a.CategoryList.Count > 0 ? a.CategoryList : ["(no category)"],
                _ => area, "Per 1,000 residents uses the population of every uploaded ward (or the chosen ward)."),
            byProvider,
        ];
    }

    private static string PeriodOf(DateOnly day, bool byMonth) => byMonth ? day.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)
            : day.AddDays(-(((int)day.DayOfWeek + 6) % 7)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static double? Percent(int part, int whole) => whole == 0 ? null : Math.Round(100.0 * part / whole, 1);
}
