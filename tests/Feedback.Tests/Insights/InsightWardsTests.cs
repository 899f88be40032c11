using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildingBlocks.Auth;
using Contracts.Directory;
using Contracts.Insights;
using Feedback.Tests.Support;
using FeedbackService.Insights;
using TestSupport;
using static Feedback.Tests.Support.InsightDeliveries;

namespace Feedback.Tests.Insights;

public sealed class InsightWardsTestsOnPostgres(FeedbackApi api) : InsightWardsTests<FeedbackApi>(api);

public sealed class InsightWardsTestsOnSqlite(SqliteFeedbackApi api) : InsightWardsTests<SqliteFeedbackApi>(api);

/// <summary>
/// Isolation risk against supply: the ward indicators CSV is checked row by row (problem+json naming each line and
/// column; nothing a person can type gives a 500; a bad file changes nothing), and the cold spots and the ward
/// hexagon map are computed from known events (redelivered ones counting once).
/// </summary>
public abstract class InsightWardsTests<TApi>(TApi api) : IClassFixture<TApi> where TApi : FeedbackApi
{
    private const string Header = "ward code,ward name,population,social isolation index,people aged 75+ living alone\n";

    private async Task<HttpResponseMessage> Upload(string csv, string role = Roles.Curator)
    {
        using var http = api.ClientAs(TestTokens.For(role));
        return await http.PostAsJsonAsync("/api/feedback/insights/ward-indicators", new { csv });
    }

    private static async Task<Dictionary<string, string[]>> Errors(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    [Fact]
    public async Task A_bad_row_is_reported_by_line_and_column_and_the_file_changes_nothing()
    {
        Assert.Equal(HttpStatusCode.OK, (await Upload(Header + "E01,Alpha,1000,0.5,10\n")).StatusCode);

        var errors = await Errors(await Upload(Header +
            "E02,Beta,lots,0.5,10\n" +
            "E03,,1000,high,\n" +
            "E 04,Delta,1000,0.5,2000\n" +
            "E02,\"Beta, again\",1000,0.4,-1\n"));

        Assert.Contains("population must be a whole number", Assert.Single(errors["rows[2].population"]));
        Assert.Contains("Line 3", Assert.Single(errors["rows[3].wardName"]));
        Assert.Contains("risk index must be a number", Assert.Single(errors["rows[3].riskIndex"]));
        Assert.Contains("letters and digits", Assert.Single(errors["rows[4].wardCode"]));
        Assert.Contains("75+ living alone must be a whole number", Assert.Single(errors["rows[5].livingAlone75"]));
        Assert.False(errors.ContainsKey("rows[4].livingAlone75")); // more than the population, but the row is already wrong
        var tables = await new InsightDeliveries(api).Tables(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), null);
        Assert.Equal(["Alpha"], tables.Single(t => t.Name == "cold-spots").Rows.Select(r => (string)r[0]!));
    }

    [Theory]
    [InlineData("", "csv")]
    [InlineData("\n\n", "csv")]
    [InlineData("just one line with no commas", "csv")]
    [InlineData("ward code,ward name,population\nE01,A,1", "csv")]
    [InlineData("ward code,ward name,population,risk index,aged 75+ living alone\n", "csv")]
    [InlineData("ward code,ward name,population,risk index,aged 75+ living alone\n\"E01,A,1,1,1", "rows[2].wardCode")]
    [InlineData("ward code,ward name,population,risk index,aged 75+ living alone\nE01,A,99999999999999999999,NaN,1", "rows[2].population")]
    [InlineData("ward code,ward name,population,risk index,aged 75+ living alone\nE01,A,100,Infinity,1e3", "rows[2].riskIndex")]
    [InlineData("ward code,ward name,population,risk index,aged 75+ living alone\nE01,A\u0000B,100,1,1", "csv")]
    [InlineData("ward code,ward name,population,risk index,aged 75+ living alone\nE01,A,100,1,200", "rows[2].livingAlone75")]
    [InlineData("ward code,ward name,population,risk index,aged 75+ living alone\nE01,A,100,1,1\ne01,B,100,1,1", "rows[3].wardCode")]
    [InlineData("\uFEFFward code;ward name;population;risk;alone\nE01;A;1;1;1", "csv")]
    public async Task Any_file_a_person_can_make_is_answered_400_with_what_is_wrong_never_500(string csv, string key)
    {
        var errors = await Errors(await Upload(csv));
        Assert.True(errors.ContainsKey(key), $"expected an error for {key}: {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
    }

    [Fact]
    public async Task Only_curators_upload_ward_indicators()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await Upload(Header + "E01,Alpha,1000,0.5,10\n", Roles.Commissioner)).StatusCode);
        using var anonymous = api.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/feedback/insights/ward-indicators", new { csv = "x" })).StatusCode);
    }

    [Fact]
    public async Task Cold_spots_rank_high_risk_low_supply_wards_first_and_the_map_gives_each_ward_its_own_tile()
    {
        using var deliveries = new InsightDeliveries(api);
        var day = new DateTimeOffset(2026, 4, 6, 10, 0, 0, TimeSpan.Zero);
        (object, Guid) Once(object m) => (m, Guid.NewGuid());
        ServiceListed Listed(string ward) => new(Guid.NewGuid(), Guid.NewGuid(), "Org", $"Group in {ward}", ReferralAcceptance.Yes, true, true, [ward], day.AddDays(-9), ["arts"]);
        SearchPerformed Search(string ward) => new(Guid.NewGuid(), ward, [], 3, false, false, [], day);
        // North: riskiest, one activity for 10,000 people, busy searching. South: safest, four activities. East, West between.
        var search = Search("Northfield");
        await deliveries.Publish(Once(new WardCentres([new("W01", "Northfield", 50.86, -1.08), new("W02", "Southsea Test", 50.78, -1.08),
            new("W03", "Eastney Test", 50.82, -1.02), new("W04", "Westside", 50.82, -1.14)], day)));
        await deliveries.Publish([Once(Listed("Northfield")), .. Enumerable.Range(0, 4).Select(_ => Once(Listed("Southsea Test"))),
            Once(Listed("Eastney Test")), Once(Listed("Eastney Test")), Once(Listed("Westside"))]);
        var twice = Guid.NewGuid();
        await deliveries.Publish([(search, twice), (search, twice), Once(search), .. Enumerable.Range(0, 5).Select(_ => Once(Search("Northfield"))),
            Once(Search("Westside"))]);
        await deliveries.AllHandled();
        Assert.Equal(HttpStatusCode.OK, (await Upload(Header +
            "W01,Northfield,10000,0.9,400\nW02,Southsea Test,10000,0.2,100\nW03,Eastney Test,10000,0.5,200\nW04,Westside,10000,0.6,300\n")).StatusCode);

        var tables = await deliveries.Tables(new DateOnly(2026, 4, 1), new DateOnly(2026, 4, 30), null);
        var ranked = tables.Single(t => t.Name == "cold-spots").Rows;
        Assert.Equal(["Northfield", "Westside", "Eastney Test", "Southsea Test"], ranked.Select(r => (string)r[0]!));
        var north = Row(tables, "cold-spots", "Northfield");
        // Risk rank 1, supply rank 1/6 (tied lowest with Westside), demand rank 1: 50 + 25 + 20.
        Assert.Equal((95.0, InsightColdSpots.ColdSpot, 1, 0.1, 6, 0.6),
            ((double)north["score"]!, (string?)north["coldSpot"], (int)north["activities"]!, (double)north["activitiesPer1000"]!, (int)north["searches"]!, (double)north["searchesPer1000"]!));
        Assert.Null(Row(tables, "cold-spots", "Southsea Test")["coldSpot"]);
        Assert.Equal(0.4, (double)Row(tables, "supply-by-ward", "Southsea Test")["per1000"]!); // 4 activities, 10,000 residents
        var tiles = tables.Single(t => t.Name == "ward-map").Rows.ToDictionary(r => (string)r[0]!, r => ((int)r[2]!, (int)r[3]!));
        Assert.Equal(4, tiles.Values.Distinct().Count());
        Assert.True(tiles["Northfield"].Item2 < tiles["Southsea Test"].Item2, "north above south");
        Assert.True(tiles["Westside"].Item1 < tiles["Eastney Test"].Item1, "west left of east");
    }
}
