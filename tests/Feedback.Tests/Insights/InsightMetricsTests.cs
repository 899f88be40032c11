using Contracts.Directory;
using Contracts.Feedback;
using Contracts.Referrals;
using Feedback.Tests.Support;
using FeedbackService.Insights;
using static Feedback.Tests.Support.InsightDeliveries;

namespace Feedback.Tests.Insights;

public sealed class InsightMetricsTestsOnPostgres(FeedbackApi api) : InsightMetricsTests<FeedbackApi>(api);

public sealed class InsightMetricsTestsOnSqlite(SqliteFeedbackApi api) : InsightMetricsTests<SqliteFeedbackApi>(api);

/// <summary>
/// Each insight metric against a known sequence of events over real RabbitMQ and PostgreSQL, with redelivered events
/// (the same MessageId twice, and the same fact re-sent under a new MessageId) and events out of order: no count doubles.
/// Each test keeps to its own ward, so the class's shared database does not mix them.
/// </summary>
public abstract class InsightMetricsTests<TApi>(TApi api) : IClassFixture<TApi> where TApi : FeedbackApi
{
    private static readonly DateTimeOffset Monday = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly From = new(2026, 1, 1), To = new(2026, 3, 31);

    private static string NewWard() => $"Ward {Guid.NewGuid():N}"[..16];

    private static (object, Guid) Once(object message) => (message, Guid.NewGuid());

    private static ServiceListed Listed(Guid serviceId, string name, string ward, params string[] categories) =>
        new(serviceId, Guid.NewGuid(), "Org", name, ReferralAcceptance.Yes, true, true, [ward], Monday.AddDays(-30), categories);

    private static ReferralStatusChanged Status(Guid referralId, Guid serviceId, string from, string to, DateTimeOffset at, string team) =>
        new(referralId, serviceId, Guid.NewGuid(), "referrer-1", from, to, null, "someone", true, at, "practitioner", team);

    [Fact]
    public async Task The_funnel_counts_each_referral_once_through_redelivery_and_out_of_order_events()
    {
        using var deliveries = new InsightDeliveries(api);
        var ward = NewWard();
        var team = $"Team {Guid.NewGuid():N}"[..14];
        var service = Guid.NewGuid();
        var r = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToArray();
        var requested = r.Select((id, i) => Status(id, service, "draft", "requested", Monday.AddHours(i), team)).ToArray();
        // Answered after 1, 2, 3, 4 and 5 days; the sixth declined after 10.
        var accepted = r.Take(5).Select((id, i) => Status(id, service, "requested", "accepted", Monday.AddHours(i).AddDays(i + 1), team)).ToArray();
        var declined = Status(r[5], service, "requested", "rejected", Monday.AddHours(5).AddDays(10), team);
        var redelivered = Guid.NewGuid();

        await deliveries.Publish(Once(Listed(service, "Walking football", ward, "sport")));
        // The fifth referral's acceptance arrives before its request (out of order).
        await deliveries.Publish(Once(accepted[4]));
        await deliveries.Publish([.. requested.Select(Once)]);
        await deliveries.Publish([.. accepted.Take(4).Select(Once), Once(declined)]);
        await deliveries.Publish((accepted[0], redelivered), (accepted[0], redelivered)); // the same message twice
        await deliveries.Publish(Once(accepted[1]));                                        // the same fact, a new MessageId
        await deliveries.Publish(
            Once(Status(r[0], service, "accepted", "in-progress", Monday.AddDays(8), team)),
            Once(Status(r[1], service, "accepted", "in-progress", Monday.AddDays(8), team)),
            Once(Status(r[2], service, "accepted", "in-progress", Monday.AddDays(8), team)),
            Once(Status(r[0], service, "in-progress", "completed", Monday.AddDays(40), team)),
            Once(Status(r[1], service, "in-progress", "completed", Monday.AddDays(40), team)));
        var firstSession = new AttendanceRecorded(r[0], service, new DateOnly(2026, 1, 15), "attended", true, 0, "staff", Monday.AddDays(10));
        await deliveries.Publish(
            (firstSession, redelivered = Guid.NewGuid()), (firstSession, redelivered),
            Once(new AttendanceRecorded(r[1], service, new DateOnly(2026, 1, 15), "attended", true, 0, "staff", Monday.AddDays(10))),
            Once(new AttendanceRecorded(r[2], service, new DateOnly(2026, 1, 15), "did-not-attend", false, 1, "staff", Monday.AddDays(10))),
            Once(new AttendanceRecorded(r[2], service, new DateOnly(2026, 1, 22), "attended", true, 0, "staff", Monday.AddDays(17))),
            Once(new AttendanceRecorded(r[3], service, new DateOnly(2026, 1, 15), "did-not-attend", false, 1, "staff", Monday.AddDays(10))));
        await deliveries.AllHandled();

        var tables = await deliveries.Tables(From, To, ward);
        foreach (var (table, label) in new[] { ("funnel-by-ward", ward), ("funnel-by-category", "sport"), ("funnel-by-activity", "Walking football"), ("funnel-by-team", team),
                     ("funnel-total", "All referrals") })
        {
            var row = Row(tables, table, label);
            Assert.Equal((6, 5, 3, 2), ((int)row["requested"]!, (int)row["accepted"]!, (int)row["firstAttended"]!, (int)row["completed"]!));
            Assert.Equal((83.3, 60.0, 33.3), ((double)row["acceptedRate"]!, (double)row["attendedRate"]!, (double)row["completedRate"]!));
            // Response days 1, 2, 3, 4, 5, 10 (the out-of-order acceptance still measured from its request).
            Assert.Equal((6, 3.0, 10.0), ((int)row["responded"]!, (double)row["responseMedianDays"]!, (double)row["response90thDays"]!));
            Assert.Equal((5, 2, 40.0), ((int)row["sessions"]!, (int)row["didNotAttend"]!, (double)row["didNotAttendRate"]!));
        }
        Assert.DoesNotContain(tables.Single(t => t.Name == "funnel-by-ward").Rows, row => (string)row[0]! != ward);
        Assert.Equal(1, (int)Row(tables, "supply-by-ward", ward)["activities"]!);

        var anotherPeriod = await deliveries.Tables(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31), ward);
        Assert.Empty(anotherPeriod.Single(t => t.Name == "funnel-by-ward").Rows);
    }

    [Fact]
    public async Task Demand_counts_searches_and_misses_once_and_keeps_only_screened_gap_words()
    {
        using var deliveries = new InsightDeliveries(api);
        var ward = NewWard();
        SearchPerformed Search(int results, bool anyWord = false, params string[] unmatched) =>
            new(Guid.NewGuid(), ward, ["arts"], results, results == 0 || anyWord, anyWord, unmatched, Monday.AddDays(1));
        var searches = new[]
        {
            Search(0, false, "sailing"), Search(0, false, "sailing", "john", "07700900123"), Search(4, anyWord: true, "sailing", "pat@example.org"),
            Search(12, false, "sailing", "po1"), Search(7, false, "sailing"), Search(3),
        };
        var twice = Guid.NewGuid();

        await deliveries.Publish([.. searches.Select(Once)]);
        await deliveries.Publish((searches[0], twice), (searches[0], twice)); // redelivered
        await deliveries.Publish(Once(searches[1]));                          // re-sent under a new MessageId
        await deliveries.AllHandled();

        var tables = await deliveries.Tables(From, To, ward);
        var byWard = Row(tables, "demand-by-ward", ward);
        Assert.Equal((6, 3, 50.0), ((int)byWard["searches"]!, (int)byWard["misses"]!, (double)byWard["missRate"]!));
        Assert.Equal((6, 3), ((int)Row(tables, "demand-total", "All searches")["searches"]!, (int)Row(tables, "demand-total", "All searches")["misses"]!));
        var byCategory = Row(tables, "demand-by-category", "arts");
        Assert.Equal((6, 3), ((int)byCategory["searches"]!, (int)byCategory["misses"]!));
        Assert.Equal(6, (int)Row(tables, "demand-over-time", "2026-01-05")["searches"]!);
        var words = tables.Single(t => t.Name == "missed-words").Rows.ToDictionary(row => (string)row[0]!, row => (int)row[1]!);
        Assert.Equal(new Dictionary<string, int> { ["sailing"] = 5 }, words);

        // Days are UK days: 23:30 UTC on Sunday 5 July is 00:30 on Monday 6 July in British Summer Time.
        var lateOnSunday = Search(2) with { SearchId = Guid.NewGuid(), OccurredAt = new DateTimeOffset(2026, 7, 5, 23, 30, 0, TimeSpan.Zero) };
        await deliveries.Publish(Once(lateOnSunday), Once(lateOnSunday));
        await deliveries.AllHandled();
        Assert.Empty((await deliveries.Tables(new(2026, 7, 5), new(2026, 7, 5), ward)).Single(t => t.Name == "demand-by-ward").Rows);
        var monday = await deliveries.Tables(new(2026, 7, 6), new(2026, 7, 6), ward);
        Assert.Equal(1, (int)Row(monday, "demand-by-ward", ward)["searches"]!);
        Assert.Equal(1, (int)Row(monday, "demand-over-time", "2026-07-06")["searches"]!);
    }

    [Fact]
    public async Task What_works_sets_follow_up_against_baseline_by_category_whichever_arrives_first()
    {
        using var deliveries = new InsightDeliveries(api);
        var ward = NewWard();
        var service = Guid.NewGuid();
        var people = Enumerable.Range(0, 6).Select(_ => Guid.NewGuid()).ToArray();
        await deliveries.Publish(Once(Listed(service, "Singing for the brain", ward, "music")));
        await deliveries.Publish([.. people.Select((id, i) => Once(Status(id, service, "draft", "requested", Monday.AddHours(i), "team")))]);
        // ONS4 up 2, 4, 0, 2, 2 (mean 2.0); loneliness down 3, 1, 2, 2, 2 (mean 2.0). The sixth has no follow-up.
        int[] ons4Up = [2, 4, 0, 2, 2], lonelinessDown = [3, 1, 2, 2, 2];
        for (var i = 0; i < 5; i++)
        {
            var baseline = new OutcomeRecorded(people[i], "baseline", 20, 8, Monday.AddDays(2));
            var followUp = new OutcomeRecorded(people[i], "follow-up", 20 + ons4Up[i], 8 - lonelinessDown[i], Monday.AddDays(60));
            // The first person's follow-up comes before their baseline, and their baseline is delivered twice.
            if (i == 0) await deliveries.Publish(Once(followUp), Once(baseline), Once(baseline));
            else await deliveries.Publish(Once(baseline), Once(followUp));
        }
        await deliveries.Publish(Once(new OutcomeRecorded(people[5], "baseline", 10, 9, Monday.AddDays(2))));
        await deliveries.AllHandled();

        var tables = await deliveries.Tables(From, To, ward);
        var music = Row(tables, "outcomes-by-category", "music");
        Assert.Equal((5, 2.0, 2.0), ((int)music["people"]!, (double)music["ons4Change"]!, (double)music["uclaChange"]!));
        Assert.Equal("Small sample (n=5)", music["caution"]);
        Assert.Equal(5, (int)Row(tables, "outcomes-by-activity", "Singing for the brain")["people"]!);
        var byWard = Row(tables, "outcomes-by-ward", ward);
        Assert.Equal((5, 2.0, 2.0), ((int)byWard["people"]!, (double)byWard["ons4Change"]!, (double)byWard["uclaChange"]!));
    }

    [Fact]
    public async Task An_older_listing_update_arriving_late_does_not_undo_a_newer_one()
    {
        using var deliveries = new InsightDeliveries(api);
        var (oldWard, newWard) = (NewWard(), NewWard());
        var (service, provider) = (Guid.NewGuid(), $"Org {Guid.NewGuid():N}");
        // Free, accessible, in the evening, 3 spaces, last checked 200 days before: stale.
        var newer = new ServiceUpdated(service, Guid.NewGuid(), provider, "Knit and natter", ReferralAcceptance.Waitlist, true, true, [newWard],
            Monday, ["crafts"], new ListingSupply(true, true, true, false, 3, Monday.AddDays(-200)));
        var older = new ServiceListed(service, Guid.NewGuid(), provider, "Knitting", ReferralAcceptance.Yes, true, true, [oldWard],
            Monday.AddDays(-10), ["crafts"], new ListingSupply(false, false, false, true, null, Monday.AddDays(-10)));
        // An update from before the Directory sent supply facts, delivered late and twice: it changes nothing.
        var fromOlderDirectory = newer with { OccurredAt = Monday.AddDays(-5), Supply = null, Name = "Knitting circle" };
        var twice = Guid.NewGuid();

        await deliveries.Publish(Once(newer), Once(older));
        await deliveries.Publish((fromOlderDirectory, twice), (fromOlderDirectory, twice));
        await deliveries.AllHandled();

        var tables = await deliveries.Tables(From, To, null);
        Assert.DoesNotContain(tables.Single(t => t.Name == "supply-by-ward").Rows, row => (string)row[0]! == oldWard);
        var supply = Row(tables, "supply-by-ward", newWard);
        Assert.Equal((1, 0, 1), ((int)supply["activities"]!, (int)supply["accepting"]!, (int)supply["waitlist"]!));
        Assert.Equal((1, 1, 1, 0, 1), ((int)supply["free"]!, (int)supply["accessible"]!, (int)supply["evening"]!, (int)supply["weekend"]!, (int)supply["spaces"]!));
        var stale = Row(tables, "stale-by-provider", provider);
        Assert.Equal((1, 1, 100.0), ((int)stale["activities"]!, (int)stale["stale"]!, (double)stale["staleRate"]!));

        // Its spaces run out (a capacity change), then a late one from before arrives: the newest stands.
        await deliveries.Publish(Once(new ServiceCapacityChanged(service, ReferralAcceptance.Waitlist, 0, null, Monday.AddDays(2))),
            Once(new ServiceCapacityChanged(service, ReferralAcceptance.Yes, 5, null, Monday.AddDays(-1))));
        await deliveries.AllHandled();
        Assert.Equal(0, (int)Row(await deliveries.Tables(From, To, null), "supply-by-ward", newWard)["spaces"]!);
    }
}
