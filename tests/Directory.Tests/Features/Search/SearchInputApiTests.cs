using System.Net;
using System.Text.Json;
using Directory.Tests.Search;
using Directory.Tests.Support;

namespace Directory.Tests.Features.Search;

/// <summary>
/// GET /api/directory/search over HTTP with whatever can be put in a URL: a 200 or a 400 problem naming the
/// parameter (422 for a postcode not in the gazetteer), never a 500.
/// </summary>
public sealed class SearchInputApiTests(DemoDirectoryApi api) : IClassFixture<DemoDirectoryApi>
{
    [Theory]
    [InlineData("q=%22")]
    [InlineData("q=-")]
    [InlineData("q=%22the%22")]
    [InlineData("q=%20")]
    [InlineData("q=+")]
    [InlineData("q=%00")]
    [InlineData("q=tea%00dance%22")]
    [InlineData("q=%FF%FE")]
    [InlineData("q=%C0%AF")]
    [InlineData("q=%")]
    [InlineData("q=%%25")]
    [InlineData("q=-%22lunch")]
    [InlineData("language=%00")]
    [InlineData("ward=Cosham%00")]
    [InlineData("taxonomy=%00&taxonomy=lunch-clubs")]
    [InlineData("accessibility=%00")]
    [InlineData("postcode=%00")]
    [InlineData("postcode=PO6%001BE")]
    [InlineData("day=monday%00")]
    [InlineData("from=25:99")]
    [InlineData("from=09:00&to=24:00")]
    [InlineData("lat=NaN&lon=NaN")]
    [InlineData("lat=Infinity&lon=-Infinity")]
    [InlineData("lat=1e400&lon=1")]
    [InlineData("age=99999999999")]
    [InlineData("age=-1")]
    [InlineData("free=maybe")]
    [InlineData("thisWeek=%00")]
    [InlineData("radiusKm=1e308&lat=50.85&lon=-1.07")]
    [InlineData("pageSize=-1")]
    [InlineData("sort=%00")]
    [InlineData("attendingType=%22")]
    [InlineData("includeSuspended=2")]
    public async Task Hostile_parameters_answer_200_or_a_problem(string query)
    {
        using var http = api.ClientAs(null);

        var response = await http.GetAsync($"/api/directory/search?{query}");

        await AssertNo500(response, query);
    }

    [Fact]
    public async Task Random_hostile_text_in_every_free_text_parameter_answers_200_or_a_problem()
    {
        var hostile = new HostileText();
        using var http = api.ClientAs(null);
        string[] parameters = ["q", "q", "q", "postcode", "language", "ward", "taxonomy", "accessibility", "day", "from", "sort", "attendingType"];
        for (var i = 0; i < 200; i++)
        {
            var parameter = parameters[i % parameters.Length];
            var value = parameter == "q" ? hostile.Next() : hostile.NextShort("monday");
            var query = $"{parameter}={QueryString.Encode(value)}";

            var response = await http.GetAsync($"/api/directory/search?{query}");

            await AssertNo500(response, $"seed {hostile.Seed}, request {i}: {parameter}=\"{HostileText.Show(value)}\"");
        }
    }

    private static async Task AssertNo500(HttpResponseMessage response, string context)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity,
            $"{(int)response.StatusCode} for {context}: {body}");
        if (response.StatusCode == HttpStatusCode.OK) return;
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(JsonDocument.Parse(body).RootElement.TryGetProperty("title", out _), body);
    }
}
