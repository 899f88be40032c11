using Contracts.Directory;
using Contracts.Feedback;
using Contracts.Referrals;
using FeedbackService.Data;
using FeedbackService.Domain;
using Microsoft.EntityFrameworkCore;

namespace FeedbackService.Insights;

/// <summary>
/// Illustrative insight for the demo (Demo:Seed only), so the dashboard is not blank: once the demo listings have
/// reached insight (as ServiceListed events), a made-up history of searches, referrals, sessions and outcomes over the
/// last 90 days is fed to the read model as the events would feed it (the same Apply methods), but not onto the bus:
/// no one is told of a made-up referral. Every figure it makes is illustrative, and it never runs on a real system.
/// </summary>
internal sealed class InsightDemo(IServiceScopeFactory scopes, TimeProvider clock, ILogger<InsightDemo> logger) : BackgroundService
{
    private static readonly string[] Teams = ["cosham-health-centre", "portsdown-group-practice", "social-prescribing-hub"];
    private static readonly string[] GapWords = ["sailing", "sailing", "sailing", "chess", "chess", "ukulele", "pottery", "allotment", "bowls", "swimming"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The listings arrive as events after start-up; wait until they stop arriving (at most five minutes).
            var (seen, steady) = (-1, 0);
            for (var i = 0; i < 300 && steady < 3; i++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken);
                var count = await InScope(db => db.Set<InsightActivity>().CountAsync(stoppingToken));
                (seen, steady) = count > 0 && count == seen ? (seen, steady + 1) : (count, 0);
            }
            await InScope(db => SeedWardIndicatorsAsync(db, stoppingToken));
            await InScope(db => SeedAsync(db, stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    private async Task<T> InScope<T>(Func<FeedbackDb, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<FeedbackDb>());
    }

    /// <summary>The demo area's ward indicators (illustrative figures, marked so in the file), as a curator would upload them.</summary>
    private async Task<bool> SeedWardIndicatorsAsync(FeedbackDb db, CancellationToken ct)
    {
        if (await db.Set<InsightWardIndicator>().AnyAsync(ct)) return false;
        await using var stream = typeof(InsightDemo).Assembly.GetManifestResourceStream("FeedbackService.DemoData.ward-indicators-portsmouth-north.csv")!;
        using var reader = new StreamReader(stream);
        var (rows, errors) = WardIndicatorCsv.Parse(await reader.ReadToEndAsync(ct));
        if (errors.Count > 0) throw new InvalidOperationException("The demo ward indicators do not read: " + string.Join("; ", errors.Select(e => e.ErrorMessage)));
        db.AddRange(rows.Select(r => new InsightWardIndicator(r, clock.GetUtcNow())));
        await db.SaveChangesAsync(ct);
        return true;
    }

    private async Task<bool> SeedAsync(FeedbackDb db, CancellationToken ct)
    {
        if (await db.Set<InsightReferral>().AnyAsync(ct) || await db.Set<InsightSearch>().AnyAsync(ct)) return false;
        var activities = await db.Set<InsightActivity>().Where(a => !a.Removed).OrderBy(a => a.ServiceId).ToListAsync(ct);
        if (activities.Count == 0) return false;
        var random = new Random(2026);
        var now = clock.GetUtcNow();
        DateTimeOffset InPeriod() => now.AddDays(-88).AddMinutes(random.Next(0, 86 * 24 * 60));
        var wards = activities.SelectMany(a => a.WardList).Distinct().Order().ToList();
        var categories = activities.SelectMany(a => a.CategoryList).Distinct().Order().ToList();

        // Its own sequence, so the demo's other figures stay as they were.
        var told = new Random(23);
        for (var i = 0; i < 600; i++)
        {
            var results = random.Next(10) < 2 ? 0 : random.Next(1, 25);
            var anyWord = results > 0 && random.Next(20) == 0;
            string[] unmatched = results == 0 || anyWord ? [GapWords[random.Next(GapWords.Length)]] : [];
            var search = db.Add(new InsightSearch(new SearchPerformed(Guid.NewGuid(), wards.Count > 0 && random.Next(5) > 0 ? wards[random.Next(wards.Count)] : null,
                categories.Count > 0 && random.Next(3) == 0 ? [categories[random.Next(categories.Count)]] : [], results, results == 0 || anyWord,
                anyWord, unmatched, InPeriod()), unmatched)).Entity;
            if (unmatched.Length > 0 && told.Next(4) == 0) search.Told();
        }

        for (var i = 0; i < 320; i++)
        {
            var activity = activities[random.Next(activities.Count)];
            var id = Guid.NewGuid();
            var team = Teams[random.Next(Teams.Length)];
            var referral = db.Add(new InsightReferral(id)).Entity;
            var at = InPeriod();
            ReferralStatusChanged Move(string from, string to, DateTimeOffset when) =>
                new(id, activity.ServiceId, Guid.Empty, "demo", from, to, null, "demo", false, when, "practitioner", team);
            referral.Apply(Move(ReferralStatuses.Draft, ReferralStatuses.Requested, at));
            var answered = at.AddHours(random.Next(4, 24 * (random.Next(4) == 0 ? 21 : 7)));
            if (answered > now) continue;
            if (random.Next(10) == 0) { referral.Apply(Move(ReferralStatuses.Requested, ReferralStatuses.Rejected, answered)); continue; }
            referral.Apply(Move(ReferralStatuses.Requested, ReferralStatuses.Accepted, answered));
            var session = InsightSearch.UkDay(answered.AddDays(random.Next(2, 10)));
            var attended = false;
            for (var s = 0; s < random.Next(0, 6) && session < InsightSearch.UkDay(now); s++, session = session.AddDays(7))
            {
                var status = random.Next(5) == 0 ? AttendanceStatus.DidNotAttend : AttendanceStatus.Attended;
                db.Add(new InsightSession(id, session)).Entity.Apply(activity.ServiceId, status, now);
                attended |= status == AttendanceStatus.Attended;
            }
            if (!attended) continue;
            referral.Apply(Move(ReferralStatuses.Accepted, ReferralStatuses.InProgress, answered.AddDays(7)));
            var (ons4, ucla) = (random.Next(12, 26), random.Next(5, 10));
            db.Add(new InsightOutcome(id, OutcomeStage.Baseline)).Entity.Apply(ons4, ucla, answered.AddDays(7));
            if (random.Next(3) == 0) continue;
            var completed = answered.AddDays(random.Next(28, 56));
            if (completed > now) continue;
            referral.Apply(Move(ReferralStatuses.InProgress, ReferralStatuses.Completed, completed));
            db.Add(new InsightOutcome(id, OutcomeStage.FollowUp)).Entity.Apply(Math.Min(40, ons4 + random.Next(-2, 7)), Math.Max(3, ucla - random.Next(-1, 4)), completed);
        }
        await db.SaveChangesAsync(ct);
        if (logger.IsEnabled(LogLevel.Information))
            logger.LogInformation("Seeded illustrative insight for the demo ({Activities} listings)", activities.Count);
        return true;
    }
}
