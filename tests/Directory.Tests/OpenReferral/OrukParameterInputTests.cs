using System.Net;
using System.Text.Json;
using Directory.Tests.Search;
using Directory.Tests.Support;

namespace Directory.Tests.OpenReferral;

/// <summary>
/// The ORUK list endpoints with whatever can be put in their query parameters: a page or a 400 problem naming the
/// parameter, never a 500. (Paging overflow is left to the paging rules.)
/// </summary>
public sealed class OrukParameterInputTests(PublishingDirectoryApi api) : IClassFixture<PublishingDirectoryApi>
{
    private static readonly string[] Parameters =
        ["search", "text", "postcode", "proximity", "taxonomy_term_id", "taxonomy_id", "minimum_age", "maximum_age", "start_time", "end_time", "day", "page", "per_page",
         "organization_id", "modified_after"];

    [Theory]
    [InlineData("search=%00")]
    [InlineData("search=tea%00")]
    [InlineData("search=%25")]
    [InlineData("search=_")]
    [InlineData("search=%5C")]
    [InlineData("search=%FF%FE")]
    [InlineData("text=%00")]
    [InlineData("postcode=PO6%203AA&proximity=1e308")]
    [InlineData("postcode=PO6%203AA&proximity=NaN")]
    [InlineData("postcode=PO6%203AA&proximity=-Infinity")]
    [InlineData("postcode=PO6%203AA%00")]
    [InlineData("taxonomy_term_id=%7B00000000-0000-0000-0000-000000000000%7D")]
    [InlineData("taxonomy_term_id=00000000000000000000000000000000")]
    [InlineData("taxonomy_id=%00")]
    [InlineData("minimum_age=NaN")]
    [InlineData("maximum_age=1e400")]
    [InlineData("start_time=23:59:60")]
    [InlineData("end_time=%00")]
    [InlineData("day=MO%00")]
    [InlineData("page=1.5")]
    [InlineData("per_page=%2B5")]
    [InlineData("per_page=00000000000000000000000000000000000000000001")]
    [InlineData("modified_after=2026-11-27T25:00:00Z")]
    [InlineData("modified_after=9999-12-31T23:59:59-14:00")]
    [InlineData("modified_after=0001-01-01T00:00:00%2B14:00")]
    [InlineData("modified_after=2026-11-27T09:00:00 01:00")]
    [InlineData("organization_id=%00")]
    public async Task Hostile_parameters_answer_a_page_or_a_400_problem(string query)
    {
        using var http = api.CreateClient();

        foreach (var path in new[] { "/services", "/service_at_locations" })
            await AssertPageOr400(await http.GetAsync($"{path}?{query}"), $"{path}?{query}");
    }

    [Fact]
    public async Task A_search_with_sql_wildcards_matches_them_literally()
    {
        using var http = api.CreateClient();

        var everything = await Total(http, "/services");
        var percent = await Total(http, "/services?search=%25");
        var underscore = await Total(http, "/services?search=_");

        Assert.True(percent < everything, $"'%' matched {percent} of {everything}");
        Assert.True(underscore < everything, $"'_' matched {underscore} of {everything}");
    }

    [Fact]
    public async Task Random_hostile_values_in_every_parameter_answer_a_page_or_a_400_problem()
    {
        var hostile = new HostileText();
        using var http = api.CreateClient();
        for (var i = 0; i < 200; i++)
        {
            var parameter = Parameters[i % Parameters.Length];
            var value = parameter is "search" or "text" ? hostile.Next() : hostile.NextShort(parameter switch
            {
                "postcode" => "PO6 3AA", "proximity" => "1000", "minimum_age" or "maximum_age" => "18", "start_time" or "end_time" => "10:00",
                "day" => "MO", "page" or "per_page" => "2", "modified_after" => "2026-11-27T09:00:00Z", _ => Guid.Empty.ToString(),
            });
            var path = $"{(i % 2 == 0 ? "/services" : "/service_at_locations")}?{parameter}={QueryString.Encode(value)}"
                + (parameter == "proximity" ? "&postcode=PO6%203AA" : "");

            await AssertPageOr400(await http.GetAsync(path), $"seed {hostile.Seed}, request {i}: {parameter}=\"{HostileText.Show(value)}\"");
        }
    }

    private static async Task<int> Total(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("total_items").GetInt32();
    }

    private static async Task AssertPageOr400(HttpResponseMessage response, string context)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.StatusCode} for {context}: {body}");
        if (response.StatusCode == HttpStatusCode.OK)
            Assert.True(JsonDocument.Parse(body).RootElement.TryGetProperty("contents", out _), body);
        else
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
