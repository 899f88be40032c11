using BuildingBlocks.Hosting;
using BuildingBlocks.Time;
using FeedbackService.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FeedbackService.Insights;

// Monthly rollups: a past month's counts, worked out once from the raw rows and kept, so that a long period reads a
// few thousand kept cells instead of every referral, session, outcome and search in it. A rollup is never added to:
// it is the raw computation of its month (the same queries, InsightMetrics.Raw*), redone from scratch whenever a row
// of that month changes. So a redelivered or out-of-order event cannot double a count: it changes a raw row (or
// nothing) and marks the month, and the month is counted again from its rows. Until it has been, the report counts
// that month from the raw rows too (exactly as before), so an answer never depends on whether the roll-up has run.
// Response times are kept as counts per tenth of a day (per activity, and per team: ResponseCounts), from which the
// report takes the exact nearest-rank median and 90th percentile, as it does from the raw rows: no estimate.

/// <summary>
/// A month whose rows have changed (<see cref="Changed"/>, a new token with every change) and the token its rollup was
/// made from (<see cref="RolledUp"/>): the rollup stands for the month only while the two are equal.
/// </summary>
public sealed class InsightRollupMonth
{
    public DateOnly Month { get; private set; }
    public Guid Changed { get; private set; }
    public Guid? RolledUp { get; private set; }

    private InsightRollupMonth() { }

    public InsightRollupMonth(DateOnly month) => Month = month;

    public void Change() => Changed = Guid.NewGuid();

    public bool IsRolledUp => RolledUp == Changed;
}

/// <summary>A month's searches of one ward, set of categories and miss.</summary>
public sealed class InsightMonthSearches
{
    public long Id { get; private set; }
    public DateOnly Month { get; private set; }
    public string? Ward { get; private set; }
    public string Categories { get; private set; } = "|";
    public bool Miss { get; private set; }
    public int Count { get; private set; }

    private InsightMonthSearches() { }

    public InsightMonthSearches(DateOnly month, string? ward, string categories, bool miss, int count) =>
        (Month, Ward, Categories, Miss, Count) = (month, ward, categories, miss, count);
}

/// <summary>A month's searches of one ward in which one screened word matched no listing.</summary>
public sealed class InsightMonthMissedWord
{
    public long Id { get; private set; }
    public DateOnly Month { get; private set; }
    public string? Ward { get; private set; }
    public string Word { get; private set; } = "";
    public int Count { get; private set; }
    public int Told { get; private set; }

    private InsightMonthMissedWord() { }

    public InsightMonthMissedWord(DateOnly month, string? ward, string word, int count, int told) =>
        (Month, Ward, Word, Count, Told) = (month, ward, word, count, told);
}

/// <summary>
/// The funnel and outcome counts of a month's referrals (by the day of their request): of one activity from every team
/// (<see cref="ActivityOnly"/>), of one team to every activity (<see cref="TeamOnly"/>), each with its provider response
/// counts, or of one activity from one team (<see cref="ActivityAndTeam"/>, for the teams' counts within one ward).
/// </summary>
public sealed class InsightMonthReferrals
{
    public const string ActivityOnly = "activity", TeamOnly = "team", ActivityAndTeam = "activity-team";

    public long Id { get; private set; }
    public DateOnly Month { get; private set; }
    public string By { get; private set; } = ActivityOnly;
    public Guid? ServiceId { get; private set; }
    public string? Team { get; private set; }
    public int Requested { get; private set; }
    public int Accepted { get; private set; }
    public int Completed { get; private set; }
    public int Responded { get; private set; }
    public int Attended { get; private set; }
    public int Missed { get; private set; }
    public int FirstAttended { get; private set; }
    public int People { get; private set; }
    public int Ons4People { get; private set; }
    public long Ons4Sum { get; private set; }
    public int UclaPeople { get; private set; }
    public long UclaSum { get; private set; }
    /// <summary>How many were answered after each number of tenths of a day (<see cref="ResponseCounts"/>); none for <see cref="ActivityAndTeam"/>.</summary>
    public string Responses { get; private set; } = "";

    private InsightMonthReferrals() { }

    public InsightMonthReferrals(DateOnly month, string by, InsightMetrics.FunnelCell cell, string responses = "")
    {
        (Month, By, ServiceId, Team, Responses) = (month, by, by == TeamOnly ? null : cell.ServiceId, by == ActivityOnly ? null : cell.Team, responses);
        (Requested, Accepted, Completed, Responded, Attended, Missed, FirstAttended) =
            (cell.Requested, cell.Accepted, cell.Completed, cell.Responded, cell.Attended, cell.Missed, cell.FirstAttended);
        (People, Ons4People, Ons4Sum, UclaPeople, UclaSum) = (cell.People, cell.Ons4People, cell.Ons4Sum, cell.UclaPeople, cell.UclaSum);
    }
}

/// <summary>
/// Response times kept exactly: "tenths:count" pairs ("12:3 31:1" is three answered in 1.2 days and one in 3.1), so
/// the percentiles are taken from every count, as from the raw rows. One text per activity or team and month, not a
/// row per value: a long period reads a few thousand rows.
/// </summary>
public static class ResponseCounts
{
    public static string Write(IEnumerable<(int Tenths, int Count)> counts) =>
        string.Join(' ', counts.OrderBy(c => c.Tenths).Select(c => $"{c.Tenths}:{c.Count}"));

    public static IEnumerable<(int Tenths, int Count)> Read(string written)
    {
        foreach (var pair in written.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = pair.IndexOf(':');
            yield return (int.Parse(pair.AsSpan(0, colon), provider: System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(pair.AsSpan(colon + 1), provider: System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}

public static class InsightRollups
{
    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>
    /// Saves mark no month from this one on: the current UK month, and for a day after it ends the one before. The
    /// report reads those from the raw rows anyway (a month without a mark is never read from a rollup), and marking
    /// them made every insight save of the moment wait on the one month's row and lock: 0.6 s of lock waits a referral
    /// at 10 referrals a second, with the insight queue backing up. <see cref="InsightRollup"/> marks a month once a
    /// second day has passed, when no save that began before the first can still be open.
    /// </summary>
    public static DateOnly FirstMonthSavesLeaveUnmarked(DateOnly today) => MonthOf(today.AddDays(-1));

    public static DateOnly FirstMonthTheSweepLeavesUnmarked(DateOnly today) => MonthOf(today.AddDays(-2));

    /// <summary>
    /// Marks the months whose raw insight rows this unit of work changes (both months when a referral's day moves; a
    /// session's or outcome's, its referral's month), in the same transaction as the change: called by every
    /// <see cref="FeedbackDb"/> save, so consumers, the backfill and the demo alike cannot change a month unseen.
    /// </summary>
    public static async Task MarkChangedMonthsAsync(FeedbackDb db, CancellationToken ct)
    {
        db.ChangeTracker.DetectChanges();
        var days = new HashSet<DateOnly>();
        var referralsOf = new HashSet<Guid>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            switch (entry.Entity)
            {
                case InsightSearch search: days.Add(search.Day); break;
                case InsightReferral referral:
                    days.Add(referral.Day);
                    if (entry.State != EntityState.Added) days.Add(entry.Property(nameof(InsightReferral.Day)).OriginalValue is DateOnly before ? before : referral.Day);
                    break;
                case InsightSession session: referralsOf.Add(session.ReferralId); break;
                case InsightOutcome outcome: referralsOf.Add(outcome.ReferralId); break;
            }
        }
        if (referralsOf.Count > 0)
        {
            var tracked = db.ChangeTracker.Entries<InsightReferral>().Where(e => referralsOf.Contains(e.Entity.ReferralId)).Select(e => e.Entity).ToList();
            days.UnionWith(tracked.Select(r => r.Day));
            var untracked = referralsOf.Except(tracked.Select(r => r.ReferralId)).ToList();
            if (untracked.Count > 0)
                days.UnionWith(await db.Set<InsightReferral>().AsNoTracking().Where(r => untracked.Contains(r.ReferralId)).Select(r => r.Day).ToListAsync(ct));
            // A session or outcome of a referral not yet seen joins no month: the referral's arrival marks its month.
        }
        // In one order, so two saves marking the same months wait for each other rather than deadlock. A referral seen
        // only as a draft has no day yet (and is in no table): no month to mark.
        var unmarked = FirstMonthSavesLeaveUnmarked(UkTime.Today(TimeProvider.System));
        foreach (var month in days.Where(day => day != default).Select(MonthOf).Where(month => month < unmarked).Distinct().Order())
        {
            if (db.Database.IsNpgsql() && db.Database.CurrentTransaction is not null)
            {
                var key = $"{nameof(InsightRollupMonth)}:{month:yyyy-MM}";
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", ct);
            }
            var set = db.Set<InsightRollupMonth>();
            var mark = await set.FindAsync([month], ct) ?? set.Add(new InsightRollupMonth(month)).Entity;
            mark.Change();
        }
    }
}

/// <summary>
/// Rolls up every past month (before the current UK month) whose rows changed since its rollup was made (all of them
/// the first time: the migration marked every month there was). Each month is worked out by the report's own raw
/// queries and replaced whole in one transaction, which first takes the month's row, so two replicas rolling the
/// same month take turns instead of both adding rows.
/// </summary>
public sealed class InsightRollup(FeedbackDb db, TimeProvider clock) : ISweep
{
    public async Task<int> RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var thisMonth = InsightRollups.MonthOf(UkTime.Today(clock));
        await MarkMonthsJustEndedAsync(ct);
        var due = await db.Set<InsightRollupMonth>().AsNoTracking()
            .Where(m => m.Month < thisMonth && (m.RolledUp == null || m.RolledUp != m.Changed)).OrderBy(m => m.Month)
            .Select(m => new { m.Month, m.Changed }).ToListAsync(ct);
        foreach (var month in due) await RollUpAsync(month.Month, month.Changed, ct);
        return due.Count;
    }

    /// <summary>
    /// The months saves stopped leaving unmarked since the last run (the last few, should the sweep have been down) get
    /// a mark if none of their saves made one, so each is rolled up once it is over.
    /// </summary>
    private async Task MarkMonthsJustEndedAsync(CancellationToken ct)
    {
        var unmarked = InsightRollups.FirstMonthTheSweepLeavesUnmarked(UkTime.Today(clock));
        var months = Enumerable.Range(1, 3).Select(back => unmarked.AddMonths(-back)).ToList();
        var marked = await db.Set<InsightRollupMonth>().Where(m => months.Contains(m.Month)).Select(m => m.Month).ToListAsync(ct);
        foreach (var month in months.Except(marked))
        {
            var mark = new InsightRollupMonth(month);
            mark.Change();
            db.Add(mark);
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private async Task RollUpAsync(DateOnly month, Guid changed, CancellationToken ct)
    {
        // Read after the month's token: a change committed from here on gives it a new token, so the month stays due.
        var days = new[] { new DayRange(month, month.AddMonths(1).AddDays(-1)) };
        var searches = await InsightMetrics.RawSearchCells(db, days, ct);
        var words = await InsightMetrics.RawMissedWords(db, days, null, ct);
        var funnel = await InsightMetrics.RawFunnelCells(db, days, null, ct);
        var byActivity = (await InsightMetrics.RawResponsesByActivity(db, days, null, ct)).ToLookup(r => r.ServiceId, r => (r.Tenths, r.Count));
        var byTeam = (await InsightMetrics.RawResponsesByTeam(db, days, null, ct)).ToLookup(r => r.Team, r => (r.Tenths, r.Count));

        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Set<InsightRollupMonth>().Where(m => m.Month == month).ExecuteUpdateAsync(s => s.SetProperty(m => m.RolledUp, changed), ct);
        await db.Set<InsightMonthSearches>().Where(r => r.Month == month).ExecuteDeleteAsync(ct);
        await db.Set<InsightMonthMissedWord>().Where(r => r.Month == month).ExecuteDeleteAsync(ct);
        await db.Set<InsightMonthReferrals>().Where(r => r.Month == month).ExecuteDeleteAsync(ct);
        db.AddRange(searches.Select(c => new InsightMonthSearches(month, c.Ward, c.Categories, c.Miss, c.Count)));
        db.AddRange(words.SelectMany(w => InsightActivity.Split(w.Words), (w, word) => (word, w.Ward, w.Count, w.Told)).GroupBy(w => (w.word, w.Ward))
            .Select(g => new InsightMonthMissedWord(month, g.Key.Ward, g.Key.word, g.Sum(w => w.Count), g.Sum(w => w.Told))));
        db.AddRange(funnel.Select(c => new InsightMonthReferrals(month, InsightMonthReferrals.ActivityAndTeam, c)));
        db.AddRange(InsightMetrics.FunnelCell.Sum(funnel.Select(c => c with { Team = null }))
            .Select(c => new InsightMonthReferrals(month, InsightMonthReferrals.ActivityOnly, c, ResponseCounts.Write(byActivity[c.ServiceId]))));
        db.AddRange(InsightMetrics.FunnelCell.Sum(funnel.Select(c => c with { ServiceId = Guid.Empty }))
            .Select(c => new InsightMonthReferrals(month, InsightMonthReferrals.TeamOnly, c, ResponseCounts.Write(byTeam[c.Team]))));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
    }
}

internal sealed class InsightRollupConfiguration :
    IEntityTypeConfiguration<InsightRollupMonth>, IEntityTypeConfiguration<InsightMonthSearches>, IEntityTypeConfiguration<InsightMonthMissedWord>,
    IEntityTypeConfiguration<InsightMonthReferrals>
{
    public void Configure(EntityTypeBuilder<InsightRollupMonth> month)
    {
        month.ToTable("insight_rollup_months");
        month.HasKey(m => m.Month);
        month.Ignore(m => m.IsRolledUp);
    }

    public void Configure(EntityTypeBuilder<InsightMonthSearches> searches)
    {
        searches.ToTable("insight_month_searches");
        searches.HasKey(s => s.Id);
        searches.Property(s => s.Ward).HasMaxLength(100);
        searches.Property(s => s.Categories).HasMaxLength(2100);
        searches.HasIndex(s => s.Month);
    }

    public void Configure(EntityTypeBuilder<InsightMonthMissedWord> words)
    {
        words.ToTable("insight_month_missed_words");
        words.HasKey(w => w.Id);
        words.Property(w => w.Ward).HasMaxLength(100);
        words.Property(w => w.Word).HasMaxLength(40);
        words.HasIndex(w => w.Month);
    }

    public void Configure(EntityTypeBuilder<InsightMonthReferrals> referrals)
    {
        referrals.ToTable("insight_month_referrals");
        referrals.HasKey(r => r.Id);
        referrals.Property(r => r.By).HasMaxLength(20);
        referrals.Property(r => r.Team).HasMaxLength(100);
        referrals.HasIndex(r => new { r.Month, r.By });
    }
}
