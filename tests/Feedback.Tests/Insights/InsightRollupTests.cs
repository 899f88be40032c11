using System.Text.Json;
using Contracts.Directory;
using Contracts.Feedback;
using Contracts.Referrals;
using Feedback.Tests.Support;
using FeedbackService.Data;
using FeedbackService.Insights;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Feedback.Tests.Support.InsightDeliveries;

namespace Feedback.Tests.Insights;

public sealed class InsightRollupTestsOnPostgres(InsightRollupTestsOnPostgres.Api api) : InsightRollupTests<InsightRollupTestsOnPostgres.Api>(api)
{
    /// <summary>No rollup sweep on a timer: the test runs it when it means to.</summary>
    public sealed class Api : FeedbackApi
    {
        protected override void ConfigureSettings(IWebHostBuilder builder)
        {
            base.ConfigureSettings(builder);
            builder.UseSetting("Insights:Rollup:Enabled", "false");
        }
    }
}

public sealed class InsightRollupTestsOnSqlite(InsightRollupTestsOnSqlite.Api api) : InsightRollupTests<InsightRollupTestsOnSqlite.Api>(api)
{
    /// <summary>No rollup sweep on a timer: the test runs it when it means to.</summary>
    public sealed class Api : SqliteFeedbackApi
    {
        protected override void ConfigureSettings(IWebHostBuilder builder)
        {
            base.ConfigureSettings(builder);
            builder.UseSetting("Insights:Rollup:Enabled", "false");
        }
    }
}

/// <summary>
/// The monthly rollups against the raw computation: a period read from rolled-up months gives exactly the tables the
/// raw rows give, through redelivered and out-of-order events, a referral whose day moves to another month, and late
/// sessions and outcomes of a month already rolled up (the month is counted from its rows until it is rolled up again).
/// </summary>
public abstract class InsightRollupTests<TApi>(TApi api) : IClassFixture<TApi> where TApi : FeedbackApi
{
    // Three whole past months (January to March 2025) and a partial one at each end.
    private static readonly DateOnly From = new(2024, 12, 20), To = new(2025, 4, 26);
    private static readonly DateOnly[] Months = [new(2025, 1, 1), new(2025, 2, 1), new(2025, 3, 1)];

    private static (object, Guid) Once(object message) => (message, Guid.NewGuid());

    private static DateTimeOffset At(int month, int day, int hour = 10) => new(2025, month, day, hour, 0, 0, TimeSpan.Zero);

    private static ReferralStatusChanged Status(Guid referralId, Guid serviceId, string to, DateTimeOffset at, string team) =>
        new(referralId, serviceId, Guid.NewGuid(), "referrer-1", "requested", to, null, "someone", true, at, "practitioner", team);

    [Fact]
    public async Task A_period_of_rolled_up_months_gives_the_same_tables_as_the_raw_rows_through_redelivered_and_late_events()
    {
        using var deliveries = new InsightDeliveries(api);
        var ward = $"Ward {Guid.NewGuid():N}"[..16];
        var (swim, choir) = (Guid.NewGuid(), Guid.NewGuid());
        var (teamA, teamB) = ($"Team {Guid.NewGuid():N}"[..14], $"Team {Guid.NewGuid():N}"[..14]);
        await deliveries.Publish(
            Once(new ServiceListed(swim, Guid.NewGuid(), "Org", "Swimming", ReferralAcceptance.Yes, true, true, [ward], At(1, 1).AddYears(-1), ["sport"])),
            Once(new ServiceListed(choir, Guid.NewGuid(), "Org", "Choir", ReferralAcceptance.Yes, true, true, [ward], At(1, 1).AddYears(-1), ["music", "arts"])));

        // Fifteen referrals, three a month from December to April, answered after 1 to 15 days, to either activity from either team;
        // every fourth declined, the rest accepted with a session (every fifth missed) and outcomes, every other completed.
        var referrals = Enumerable.Range(0, 15).Select(i => (Id: Guid.NewGuid(), Service: i % 2 == 0 ? swim : choir, Team: i % 3 == 0 ? teamA : teamB,
            Requested: new DateTimeOffset(2024, 12, 22, 10, 0, 0, TimeSpan.Zero).AddMonths(i / 3).AddDays(i % 3))).ToArray();
        var redelivered = Guid.NewGuid();
        foreach (var (r, i) in referrals.Select((r, i) => (r, i)))
        {
            var requested = Status(r.Id, r.Service, "requested", r.Requested, r.Team);
            var answered = Status(r.Id, r.Service, i % 4 == 3 ? "rejected" : "accepted", r.Requested.AddDays(i + 1).AddHours(i), r.Team);
            // Every third answer arrives before its request; the first request is delivered twice, the second re-sent.
            if (i % 3 == 1) await deliveries.Publish(Once(answered), Once(requested));
            else if (i == 0) await deliveries.Publish((requested, redelivered), (requested, redelivered), Once(answered));
            else await deliveries.Publish(Once(requested), Once(requested), Once(answered));
            if (i % 4 == 3) continue;
            var session = DateOnly.FromDateTime(r.Requested.AddDays(7).UtcDateTime);
            await deliveries.Publish(
                Once(new AttendanceRecorded(r.Id, r.Service, session, i % 5 == 0 ? "did-not-attend" : "attended", i % 5 != 0, 0, "staff", r.Requested.AddDays(7))),
                Once(new OutcomeRecorded(r.Id, "follow-up", 20 + i, 5, r.Requested.AddDays(50))),
                Once(new OutcomeRecorded(r.Id, "baseline", 18, 7, r.Requested.AddDays(8))));
            if (i % 2 == 0) await deliveries.Publish(Once(Status(r.Id, r.Service, "completed", r.Requested.AddDays(40), r.Team)));
        }
        await deliveries.Publish([.. Enumerable.Range(0, 12).Select(i =>
            Once(new SearchPerformed(Guid.NewGuid(), ward, i % 2 == 0 ? ["sport"] : ["music"], i % 3, i % 3 == 0, false, i % 3 == 0 ? ["sailing"] : [],
                new DateTimeOffset(2024, 12, 25, 12, 0, 0, TimeSpan.Zero).AddDays(9 * i))))]);
        await deliveries.AllHandled();

        await RollUp();
        await AssertRolledUpAndTheSameAsRaw(ward);
        var funnel = Row(await Tables(ward, rolledUp: true), "funnel-by-ward", ward);
        Assert.Equal((15, 12, 8), ((int)funnel["requested"]!, (int)funnel["accepted"]!, (int)funnel["completed"]!));
        Assert.Equal((9, 3), ((int)funnel["firstAttended"]!, (int)funnel["didNotAttend"]!));

        // Late news of rolled-up months, redelivered and out of order: January's first referral turns out to have been
        // requested on 30 December (an earlier event: its day moves into the partial month), a missed March session turns
        // out attended and a February follow-up is corrected; each delivered twice under one MessageId and once more under another.
        var january = referrals[3];
        var late = new object[]
        {
            Status(january.Id, january.Service, "requested", new DateTimeOffset(2024, 12, 30, 10, 0, 0, TimeSpan.Zero), january.Team),
            new AttendanceRecorded(referrals[10].Id, referrals[10].Service, DateOnly.FromDateTime(referrals[10].Requested.AddDays(7).UtcDateTime), "attended",
                true, 0, "staff", referrals[10].Requested.AddDays(9)),
            new OutcomeRecorded(referrals[6].Id, "follow-up", 30, 2, referrals[6].Requested.AddDays(60)),
        };
        foreach (var message in late)
        {
            var id = Guid.NewGuid();
            await deliveries.Publish((message, id), (message, id), Once(message));
        }
        await deliveries.AllHandled();

        // Until the sweep runs again the changed months are counted from their rows: the same answer, no count doubled.
        var marks = await Marks();
        Assert.All(Months, month => Assert.False(marks[month], $"{month} changed after its rollup"));
        await AssertTheSameAsRaw(ward);
        var changed = Row(await Tables(ward, rolledUp: true), "funnel-by-ward", ward);
        Assert.Equal((15, 12, 8), ((int)changed["requested"]!, (int)changed["accepted"]!, (int)changed["completed"]!));
        Assert.Equal((10, 2), ((int)changed["firstAttended"]!, (int)changed["didNotAttend"]!));
        // The moved referral is now in December: outside a period of January to March alone.
        var winter = await Tables(ward, rolledUp: true, new DateOnly(2025, 1, 1), new DateOnly(2025, 3, 31));
        Assert.Equal(8, (int)Row(winter, "funnel-by-ward", ward)["requested"]!);

        await RollUp();
        await AssertRolledUpAndTheSameAsRaw(ward);
        Assert.Equal(8, (int)Row(await Tables(ward, rolledUp: true, new DateOnly(2025, 1, 1), new DateOnly(2025, 3, 31)), "funnel-by-ward", ward)["requested"]!);
    }

    [Fact]
    public async Task Gaps_told_to_the_hub_count_once_each_in_a_rolled_up_month_as_in_its_rows_a_late_report_included()
    {
        using var deliveries = new InsightDeliveries(api);
        var ward = $"Ward {Guid.NewGuid():N}"[..16];
        var searches = Enumerable.Range(0, 6).Select(i =>
            new SearchPerformed(Guid.NewGuid(), ward, [], 0, true, false, ["sailing"], At(2, 3 + i))).ToList();
        SearchGapReported Told(int i) => new(searches[i].SearchId, searches[i].OccurredAt.AddMinutes(1));
        // One report arrives before its search (the retries wait for it); one is reported twice and redelivered.
        var twice = Guid.NewGuid();
        await deliveries.Publish(Once(Told(0)));
        await deliveries.Publish([.. searches.Select(Once)]);
        await deliveries.Publish((Told(1), twice), (Told(1), twice), Once(Told(1)));
        await deliveries.AllHandled();

        await RollUp();
        await AssertTheSameAsRaw(ward);
        var february = (Months[1], Months[1].AddMonths(1).AddDays(-1));
        var words = Row(await Tables(ward, rolledUp: true, february.Item1, february.Item2), "missed-words", "sailing");
        Assert.Equal((6, 2), ((int)words["searches"]!, (int)words["told"]!));

        await deliveries.Publish(Once(Told(5)));
        await deliveries.AllHandled();
        await AssertTheSameAsRaw(ward);
        await RollUp();
        Assert.True((await Marks())[Months[1]], "February rolled up again");
        Assert.Equal(3, (int)Row(await Tables(ward, rolledUp: true, february.Item1, february.Item2), "missed-words", "sailing")["told"]!);
    }

    [Fact]
    public async Task Saves_in_the_current_month_mark_nothing_and_its_tables_come_from_the_raw_rows()
    {
        using var deliveries = new InsightDeliveries(api);
        var ward = $"Ward {Guid.NewGuid():N}"[..16];
        var service = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        await deliveries.Publish(Once(new ServiceListed(service, Guid.NewGuid(), "Org", "Chess", ReferralAcceptance.Yes, true, true, [ward],
            now.AddDays(-1), ["games"])));
        var referral = Guid.NewGuid();
        await deliveries.Publish(Once(Status(referral, service, "requested", now, "Team now")), Once(Status(referral, service, "accepted", now, "Team now")));
        await deliveries.AllHandled();

        await RollUp();

        var today = BuildingBlocks.Time.UkTime.Today(TimeProvider.System);
        Assert.False((await Marks()).ContainsKey(InsightRollups.MonthOf(today)), "the current month was marked");
        var tables = await Tables(ward, rolledUp: true, today.AddDays(-30), today);
        Assert.Equal(1, (int)Row(tables, "funnel-by-ward", ward)["accepted"]!);
    }

    private async Task RollUp()
    {
        await using var scope = api.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<InsightRollup>().RunAsync(DateTimeOffset.UtcNow, CancellationToken.None);
    }

    private async Task<Dictionary<DateOnly, bool>> Marks()
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FeedbackDb>().Set<InsightRollupMonth>().AsNoTracking()
            .ToDictionaryAsync(m => m.Month, m => m.RolledUp == m.Changed);
    }

    private async Task<IReadOnlyList<InsightTable>> Tables(string? ward, bool rolledUp, DateOnly? from = null, DateOnly? to = null)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<InsightMetrics>()
            .ReportAsync(new InsightFilter(from ?? From, to ?? To, ward), CancellationToken.None, rolledUp)).Tables;
    }

    private async Task AssertRolledUpAndTheSameAsRaw(string ward)
    {
        var marks = await Marks();
        Assert.All(Months, month => Assert.True(marks.GetValueOrDefault(month), $"{month} rolled up"));
        await AssertTheSameAsRaw(ward);
    }

    /// <summary>Every table, for the ward and for all wards, over the period and over its whole months alone.</summary>
    private async Task AssertTheSameAsRaw(string ward)
    {
        foreach (var (from, to) in new[] { (From, To), (Months[0], new DateOnly(2025, 3, 31)), (Months[1], Months[1].AddMonths(1).AddDays(-1)) })
            foreach (var filter in new[] { ward, null })
                Assert.Equal(JsonSerializer.Serialize(await Tables(filter, rolledUp: false, from, to)),
                    JsonSerializer.Serialize(await Tables(filter, rolledUp: true, from, to)));
    }
}
