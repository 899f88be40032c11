using System.Net;
using System.Text.Json;
using BuildingBlocks.Auth;
using Contracts.Directory;
using Contracts.Feedback;
using Contracts.Referrals;
using Feedback.Tests.Support;
using TestSupport;

namespace Feedback.Tests.Insights;

public sealed class InsightExportTestsOnPostgres(FeedbackApi api) : InsightExportTests<FeedbackApi>(api);

public sealed class InsightExportTestsOnSqlite(SqliteFeedbackApi api) : InsightExportTests<SqliteFeedbackApi>(api);

/// <summary>
/// The insight API as commissioners and their BI tools read it: counts from 1 to 4 are withheld in the CSV (and in the
/// JSON), with the rates computed from them; a word searched fewer than 5 times is left out; only insight readers get in.
/// </summary>
public abstract class InsightExportTests<TApi>(TApi api) : IClassFixture<TApi> where TApi : FeedbackApi
{
    private static readonly DateTimeOffset Day = new(2026, 2, 2, 10, 0, 0, TimeSpan.Zero);
    private const string Period = "from=2026-02-01&to=2026-02-28";

    [Fact]
    public async Task The_csv_withholds_counts_under_5_and_what_is_computed_from_them()
    {
        using var deliveries = new InsightDeliveries(api);
        var ward = $"Ward {Guid.NewGuid():N}"[..16];
        var service = Guid.NewGuid();
        (object, Guid) Once(object m) => (m, Guid.NewGuid());
        ReferralStatusChanged Requested(string team, int i, Guid? id = null) =>
            new(id ?? Guid.NewGuid(), service, Guid.NewGuid(), "referrer", "draft", "requested", null, "someone", true, Day.AddMinutes(i), "practitioner", team);
        await deliveries.Publish(Once(new ServiceListed(service, Guid.NewGuid(), "Org", "Chair yoga", ReferralAcceptance.Yes, true, true, [ward], Day.AddDays(-1), ["exercise"])));
        var measured = new[] { Guid.NewGuid(), Guid.NewGuid() };
        await deliveries.Publish([.. Enumerable.Range(0, 5).Select(i => Once(Requested("Big team", i))), .. measured.Select((id, i) => Once(Requested("Big team", 5 + i, id))),
            .. Enumerable.Range(0, 3).Select(i => Once(Requested("Small team", i)))]);
        // Two people with both wellbeing measures: too few to show, their count and their means alike.
        await deliveries.Publish([.. measured.SelectMany(id => new[] { Once(new OutcomeRecorded(id, "baseline", 20, 8, Day.AddDays(1))),
            Once(new OutcomeRecorded(id, "follow-up", 24, 6, Day.AddDays(20))) })]);
        await deliveries.Publish([
            .. Enumerable.Range(0, 6).Select(_ => Once(new SearchPerformed(Guid.NewGuid(), ward, [], 0, true, false, ["sailing"], Day))),
            .. Enumerable.Range(0, 2).Select(_ => Once(new SearchPerformed(Guid.NewGuid(), ward, [], 0, true, false, ["zorbing"], Day)))]);
        await deliveries.AllHandled();
        using var commissioner = api.ClientAs(TestTokens.For(Roles.Commissioner));

        var csv = await commissioner.GetAsync($"/api/feedback/insights/funnel-by-team.csv?{Period}&ward={Uri.EscapeDataString(ward)}");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Referring team,Requested,Accepted,First attended,Completed,Accepted (% of requested)", lines[0]);
        Assert.Equal(["Referring team", "Requested", "Accepted", "First attended", "Completed"], lines[0].Split(',')[..5]);
        var big = lines.Single(l => l.StartsWith("Big team,", StringComparison.Ordinal)).Split(',');
        var small = lines.Single(l => l.StartsWith("Small team,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(["7", "0", "0", "0", "0"], big[1..6]);      // 7 shown; zero identifies nobody; 0% of 7 shown
        Assert.Equal(["<5", "0", "0", "0", "<5"], small[1..6]);  // 3 withheld, and the rate computed from it

        var words = await (await commissioner.GetAsync($"/api/feedback/insights/missed-words.csv?{Period}&ward={Uri.EscapeDataString(ward)}")).Content.ReadAsStringAsync();
        Assert.Contains("sailing,6", words);
        Assert.DoesNotContain("zorbing", words); // searched twice: the word itself could identify someone

        var outcomes = await (await commissioner.GetAsync($"/api/feedback/insights/outcomes-by-ward.csv?{Period}&ward={Uri.EscapeDataString(ward)}")).Content.ReadAsStringAsync();
        Assert.Contains($"{ward},<5,<5,<5,Small sample (fewer than 5)\r\n", outcomes);

        var json = await commissioner.GetAsync($"/api/feedback/insights/funnel-by-team?{Period}&ward={Uri.EscapeDataString(ward)}");
        var rows = JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement.GetProperty("rows").EnumerateArray()
            .ToDictionary(r => r[0].GetString()!, r => r[1].ToString());
        Assert.Equal(("7", "suppressed"), (rows["Big team"], rows["Small team"]));
    }

    [Fact]
    public async Task Only_commissioners_curators_and_admins_read_insight()
    {
        foreach (var role in new[] { Roles.Commissioner, Roles.Curator, Roles.Admin })
        {
            using var reader = api.ClientAs(TestTokens.For(role));
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/feedback/insights?{Period}")).StatusCode);
        }
        using var provider = api.ClientAs(TestTokens.For(Roles.Provider, Guid.NewGuid()));
        Assert.Equal(HttpStatusCode.Forbidden, (await provider.GetAsync($"/api/feedback/insights?{Period}")).StatusCode);
        using var practitioner = api.ClientAs(TestTokens.For(Roles.Practitioner));
        Assert.Equal(HttpStatusCode.Forbidden, (await practitioner.GetAsync("/api/feedback/insights/funnel-by-team.csv")).StatusCode);
        using var anonymous = api.ClientAs(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/feedback/insights")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_table_is_404_and_a_backwards_period_is_400_as_problem_details()
    {
        using var commissioner = api.ClientAs(TestTokens.For(Roles.Commissioner));
        var unknown = await commissioner.GetAsync("/api/feedback/insights/people.csv");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        var backwards = await commissioner.GetAsync("/api/feedback/insights?from=2026-03-01&to=2026-02-01");
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Equal("application/problem+json", backwards.Content.Headers.ContentType?.MediaType);
    }
}
