using Contracts.Referrals;
using FeedbackService.Data;
using FeedbackService.Domain;
using Microsoft.EntityFrameworkCore;

namespace FeedbackService.Insights;

/// <summary>A period (whole UK days, From to To inclusive, taken as UTC days) and optionally one ward.</summary>
public sealed record InsightFilter(DateOnly From, DateOnly To, string? Ward)
{
    public DateTimeOffset Start => new(From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    public DateTimeOffset End => new(To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

/// <summary>
/// Computes every insight table from the read model, when asked (nothing is counted ahead, so nothing can double).
/// A referral counts under each ward and category of its activity, so those rows may add up to more than the total.
/// </summary>
public sealed class InsightMetrics(FeedbackDb db)
{
    /// <summary>Below this many people an outcome figure carries a caution.</summary>
    public const int SmallSample = 10;

    public static readonly string[] TableNames =
    [
        "demand-by-ward", "demand-by-category", "demand-over-time", "missed-words",
        "funnel-by-category", "funnel-by-ward", "funnel-by-activity", "funnel-by-team",
        "outcomes-by-category", "outcomes-by-activity", "supply-by-ward", "supply-by-category", "cold-spots", "ward-map",
    ];

    private sealed record Funnel(Guid Id, Guid ServiceId, string? Team, DateTimeOffset? RequestedAt, DateTimeOffset? AcceptedAt,
        DateTimeOffset? RejectedAt, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt);

    public async Task<IReadOnlyList<InsightTable>> TablesAsync(InsightFilter filter, CancellationToken ct)
    {
        var activities = await db.Set<InsightActivity>().AsNoTracking().ToDictionaryAsync(a => a.ServiceId, ct);
        return [.. await DemandAsync(filter, ct), .. await FunnelAsync(filter, activities, ct), .. Supply(filter, activities),
            .. await InsightColdSpots.TablesAsync(db, filter, activities.Values, ct)];
    }

    private async Task<IReadOnlyList<InsightTable>> DemandAsync(InsightFilter filter, CancellationToken ct)
    {
        var query = db.Set<InsightSearch>().AsNoTracking().Where(s => s.At >= filter.Start && s.At < filter.End);
        if (filter.Ward is { } ward) query = query.Where(s => s.Ward == ward);
        var searches = await query.Select(s => new { s.At, s.Ward, s.Categories, s.Miss, s.UnmatchedWords }).ToListAsync(ct);

        InsightTable Demand(string name, string title, string label, Func<string, string> labelOf,
            IEnumerable<(string Key, bool Miss)> keyed) =>
            new(name, title, [new("label", label, ColumnKind.Label), new("searches", "Searches", ColumnKind.Count),
                    new("misses", "Misses", ColumnKind.Count), new("missRate", "Miss rate (%)", ColumnKind.Rate, ["searches", "misses"])],
                [.. keyed.GroupBy(k => k.Key).Select(g => (object?[])[labelOf(g.Key), g.Count(), g.Count(k => k.Miss), Percent(g.Count(k => k.Miss), g.Count())])
                    .OrderByDescending(r => (int)r[1]!).ThenBy(r => (string)r[0]!)],
                "searches", "A miss found nothing, or found something only by loosening the search to any one word.");

        var byMonth = filter.To.DayNumber - filter.From.DayNumber > 92;
        var overTime = Demand("demand-over-time", byMonth ? "Searches by month" : "Searches by week", byMonth ? "Month" : "Week beginning", k => k,
            searches.Select(s => (PeriodOf(s.At, byMonth), s.Miss)));
        return
        [
            Demand("demand-by-ward", "Searches by ward", "Ward", k => k, searches.Select(s => (s.Ward ?? "(no area given)", s.Miss))),
            Demand("demand-by-category", "Searches by category", "Category", k => k,
                searches.SelectMany(s => InsightActivity.Split(s.Categories) is { Count: > 0 } c ? c : ["(no category chosen)"], (s, c) => (c, s.Miss))),
            overTime with { Rows = [.. overTime.Rows.OrderBy(r => (string)r[0]!)] },
            new("missed-words", "Words searched for that no listing holds", [new("label", "Word", ColumnKind.Label), new("searches", "Searches", ColumnKind.Count)],
                [.. searches.SelectMany(s => InsightActivity.Split(s.UnmatchedWords)).GroupBy(w => w)
                    .Select(g => (object?[])[g.Key, g.Count()]).OrderByDescending(r => (int)r[1]!).ThenBy(r => (string)r[0]!).Take(50)],
                "searches", "Screened: nothing that looks like a name, phone number, email address or postcode is kept. Words searched fewer than 5 times are left out.",
                DropSmallRows: true),
        ];
    }

    private async Task<IReadOnlyList<InsightTable>> FunnelAsync(InsightFilter filter, Dictionary<Guid, InsightActivity> activities, CancellationToken ct)
    {
        var inWard = filter.Ward is { } ward ? activities.Values.Where(a => a.WardList.Contains(ward)).Select(a => a.ServiceId).ToHashSet() : [];
        var referrals = db.Set<InsightReferral>().AsNoTracking().Where(r => r.Sent && !r.EnteredInError)
            .Where(r => (r.RequestedAt ?? r.FirstSeenAt) >= filter.Start && (r.RequestedAt ?? r.FirstSeenAt) < filter.End);
        var funnel = (await referrals.Select(r => new Funnel(r.ReferralId, r.ServiceId, r.Team, r.RequestedAt, r.AcceptedAt, r.RejectedAt, r.StartedAt, r.CompletedAt))
                .ToListAsync(ct))
            .Where(r => filter.Ward is null || inWard.Contains(r.ServiceId)).ToList();
        var ids = funnel.Select(r => r.Id).ToHashSet();
        var sessions = (await db.Set<InsightSession>().AsNoTracking()
                .Join(referrals, s => s.ReferralId, r => r.ReferralId, (s, r) => new { s.ReferralId, s.Status }).ToListAsync(ct))
            .Where(s => ids.Contains(s.ReferralId)).ToLookup(s => s.ReferralId, s => s.Status);
        var outcomes = (await db.Set<InsightOutcome>().AsNoTracking()
                .Join(referrals, o => o.ReferralId, r => r.ReferralId, (o, r) => new { o.ReferralId, o.Stage, o.Ons4Total, o.LonelinessTotal }).ToListAsync(ct))
            .Where(o => ids.Contains(o.ReferralId)).ToLookup(o => o.ReferralId);

        // Each activity's wards and categories split once, not once per referral and table.
        var known = activities.ToDictionary(a => a.Key, a => (Wards: a.Value.WardList, Categories: a.Value.CategoryList, a.Value.Name));
        IReadOnlyList<string> Wards(Funnel r) => known.TryGetValue(r.ServiceId, out var a) && a.Wards.Count > 0 ? a.Wards : ["(ward not known)"];
        IReadOnlyList<string> Categories(Funnel r) => known.TryGetValue(r.ServiceId, out var a) && a.Categories.Count > 0 ? a.Categories : ["(category not known)"];
        string Activity(Funnel r) => known.TryGetValue(r.ServiceId, out var a) && a.Name.Length > 0 ? a.Name : "(activity not known)";

        InsightTable FunnelBy(string name, string title, string label, Func<Funnel, IEnumerable<string>> keys) =>
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
                [.. funnel.SelectMany(keys, (r, k) => (Key: k, Referral: r)).GroupBy(x => x.Key, x => x.Referral)
                    .Select(g => FunnelRow(g.Key, [.. g], sessions)).OrderByDescending(r => (int)r[1]!).ThenBy(r => (string)r[0]!)],
                "requested",
                "Accepted counts referrals that were accepted (or went on to start or complete); first attended, those with an attended session. " +
                "Response time runs from the request to the provider's first answer (accepted or declined).");

        InsightTable OutcomesBy(string name, string title, string label, Func<Funnel, IEnumerable<string>> keys) =>
            new(name, title,
                [
                    new("label", label, ColumnKind.Label), new("people", "People with both measures", ColumnKind.Count),
                    new("ons4Change", "ONS4 change, mean (higher is better)", ColumnKind.Number, ["people"]),
                    new("uclaChange", "UCLA-3 loneliness fall, mean (higher is better)", ColumnKind.Number, ["people"]),
                    new("caution", "Caution", ColumnKind.Label),
                ],
                [.. funnel.SelectMany(keys, (r, k) => (Key: k, Referral: r)).GroupBy(x => x.Key, x => x.Referral.Id)
                    .Select(g => OutcomeRow(g.Key, [.. g.Select(id => outcomes[id].ToDictionary(o => o.Stage, o => (o.Ons4Total, o.LonelinessTotal)))]))
                    .Where(r => (int)r[1]! > 0).OrderByDescending(r => (int)r[1]!).ThenBy(r => (string)r[0]!)],
                "ons4Change",
                $"Change from baseline to follow-up, for people with both. Under {SmallSample} people a figure is a weak guide; under 5 it is withheld.");

        return
        [
            FunnelBy("funnel-by-category", "Referral funnel by category", "Category", Categories),
            FunnelBy("funnel-by-ward", "Referral funnel by ward", "Ward", Wards),
            FunnelBy("funnel-by-activity", "Referral funnel by activity", "Activity", r => [Activity(r)]),
            FunnelBy("funnel-by-team", "Referral funnel by referring team", "Referring team", r => [r.Team ?? "(no team)"]),
            OutcomesBy("outcomes-by-category", "What works: wellbeing change by category", "Category", Categories),
            OutcomesBy("outcomes-by-activity", "What works: wellbeing change by activity", "Activity", r => [Activity(r)]),
        ];
    }

    /// <summary>The wards insight knows of (from listings and searches), for the area filter.</summary>
    public async Task<IReadOnlyList<string>> WardsAsync(CancellationToken ct)
    {
        var listed = await db.Set<InsightActivity>().AsNoTracking().Where(a => !a.Removed).Select(a => a.Wards).ToListAsync(ct);
        var searched = await db.Set<InsightSearch>().AsNoTracking().Where(s => s.Ward != null).Select(s => s.Ward!).Distinct().Take(500).ToListAsync(ct);
        return [.. listed.SelectMany(InsightActivity.Split).Concat(searched).Distinct().Order()];
    }

    private static object?[] FunnelRow(string label, IReadOnlyList<Funnel> group, ILookup<Guid, string> sessions)
    {
        var accepted = group.Count(r => r.AcceptedAt is not null || r.StartedAt is not null || r.CompletedAt is not null);
        var attended = group.Count(r => sessions[r.Id].Contains(AttendanceStatus.Attended));
        var completed = group.Count(r => r.CompletedAt is not null);
        var responses = group.Where(r => r.RequestedAt is not null && (r.AcceptedAt ?? r.RejectedAt) is not null)
            .Select(r => ((r.AcceptedAt, r.RejectedAt) switch
            {
                ({ } a, { } d) => a < d ? a : d,
                ({ } a, null) => a,
                (null, var d) => d!.Value,
            } - r.RequestedAt!.Value).TotalDays).Where(d => d >= 0).Order().ToList();
        var recorded = group.SelectMany(r => sessions[r.Id]).Where(s => s is AttendanceStatus.Attended or AttendanceStatus.DidNotAttend).ToList();
        var missed = recorded.Count(s => s == AttendanceStatus.DidNotAttend);
        return [label, group.Count, accepted, attended, completed, Percent(accepted, group.Count), Percent(attended, accepted),
            Percent(completed, group.Count), responses.Count, Percentile(responses, 0.5), Percentile(responses, 0.9),
            recorded.Count, missed, Percent(missed, recorded.Count)];
    }

    private static object?[] OutcomeRow(string label, IReadOnlyList<Dictionary<string, (int? Ons4, int? Ucla)>> people)
    {
        var both = people.Where(p => p.ContainsKey(OutcomeStage.Baseline) && p.ContainsKey(OutcomeStage.FollowUp)).ToList();
        var ons4 = both.Where(p => p[OutcomeStage.Baseline].Ons4 is not null && p[OutcomeStage.FollowUp].Ons4 is not null)
            .Select(p => (double)(p[OutcomeStage.FollowUp].Ons4!.Value - p[OutcomeStage.Baseline].Ons4!.Value)).ToList();
        var ucla = both.Where(p => p[OutcomeStage.Baseline].Ucla is not null && p[OutcomeStage.FollowUp].Ucla is not null)
            .Select(p => (double)(p[OutcomeStage.Baseline].Ucla!.Value - p[OutcomeStage.FollowUp].Ucla!.Value)).ToList();
        return [label, both.Count, ons4.Count > 0 ? Math.Round(ons4.Average(), 1) : null, ucla.Count > 0 ? Math.Round(ucla.Average(), 1) : null,
            both.Count is > 0 and < SmallSample ? $"Small sample (n={both.Count})" : null];
    }

    private static IReadOnlyList<InsightTable> Supply(InsightFilter filter, Dictionary<Guid, InsightActivity> activities)
    {
        var listed = activities.Values.Where(a => !a.Removed && a.Name.Length > 0)
            .Where(a => filter.Ward is null || a.WardList.Contains(filter.Ward)).ToList();
        InsightTable SupplyBy(string name, string title, string label, Func<InsightActivity, IEnumerable<string>> keys) =>
            new(name, title,
                [
                    new("label", label, ColumnKind.Label), new("activities", "Activities listed", ColumnKind.Count),
                    new("accepting", "Accepting referrals", ColumnKind.Count), new("waitlist", "Waiting list", ColumnKind.Count),
                ],
                [.. listed.SelectMany(keys, (a, k) => (Key: k, Activity: a)).GroupBy(x => x.Key, x => x.Activity)
                    .Select(g => (object?[])[g.Key, g.Count(), g.Count(a => a.AcceptingReferrals == "yes"), g.Count(a => a.AcceptingReferrals == "waitlist")])
                    .OrderByDescending(r => (int)r[1]!).ThenBy(r => (string)r[0]!)],
                "activities", "Listings as they stand now (not over the period). Counts of activities describe no person, so are not withheld.",
                SuppressSmall: false);
        return
        [
            SupplyBy("supply-by-ward", "Activities by ward", "Ward", a => a.WardList.Count > 0 ? a.WardList : ["(no ward: online or phone)"]),
            SupplyBy("supply-by-category", "Activities by category", "Category", a => a.CategoryList.Count > 0 ? a.CategoryList : ["(no category)"]),
        ];
    }

    private static string PeriodOf(DateTimeOffset at, bool byMonth)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        return byMonth ? day.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)
            : day.AddDays(-(((int)day.DayOfWeek + 6) % 7)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static double? Percent(int part, int whole) => whole == 0 ? null : Math.Round(100.0 * part / whole, 1);

    /// <summary>Nearest-rank percentile of sorted values, in days to one decimal.</summary>
    internal static double? Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? null : Math.Round(sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)], 1);
}
