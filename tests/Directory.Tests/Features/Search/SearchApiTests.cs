using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildingBlocks.Auth;
using DirectoryService;
using Microsoft.AspNetCore.Hosting;
using TestSupport;

namespace Directory.Tests.Features.Search;

/// <summary>The Directory service with the demo directory and gazetteer loaded (Demo:Seed), on PostgreSQL.</summary>
public sealed class DemoDirectoryApi : ServiceApi<DirectoryModule>
{
    protected override void ConfigureSettings(IWebHostBuilder builder) => builder.UseSetting("Demo:Seed", "true");
}

public sealed class SearchApiTests(DemoDirectoryApi api) : IClassFixture<DemoDirectoryApi>
{
    [Fact]
    public async Task Anyone_can_search_and_gets_items_and_facets()
    {
        using var http = api.ClientAs(null);

        var response = await http.GetAsync("/api/directory/search?q=befriending&postcode=PO6%201BE&taxonomy=befriending&taxonomy=loneliness&pageSize=5");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("total").GetInt32() > 0);
        Assert.Equal(5, body.GetProperty("pageSize").GetInt32());
        var item = body.GetProperty("items")[0];
        foreach (var field in new[] { "id", "name", "organisationName", "snippet", "cost", "attendingType", "acceptingReferrals", "wards", "stale", "suspended" })
            Assert.True(item.TryGetProperty(field, out _), $"item has no '{field}'");
        foreach (var facet in new[] { "taxonomy", "day", "attendingType", "cost", "acceptingReferrals", "ward", "language", "accessibility" })
            Assert.True(body.GetProperty("facets").TryGetProperty(facet, out _), $"no '{facet}' facet");
        Assert.Contains(body.GetProperty("items").EnumerateArray(), i => i.TryGetProperty("distanceKm", out var km) && km.GetDouble() >= 0);
    }

    [Theory]
    [InlineData("ZZ9%209ZZ")]
    [InlineData("hello")]
    public async Task An_unknown_or_malformed_postcode_is_a_422_problem(string postcode)
    {
        using var http = api.ClientAs(null);

        var response = await http.GetAsync($"/api/directory/search?q=walks&postcode={postcode}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("postcode", out _));
    }

    [Fact]
    public async Task A_search_nothing_fits_says_what_nothing_was_found_for_and_offers_alternatives()
    {
        using var http = api.ClientAs(null);

        var body = await http.GetFromJsonAsync<JsonElement>("/api/directory/search?q=sailing%20club");

        Assert.Equal(0, body.GetProperty("total").GetInt32());
        Assert.Equal(0, body.GetProperty("items").GetArrayLength());
        Assert.Equal("sailing", body.GetProperty("nothingFor").GetString());
        Assert.Equal("sailing", Assert.Single(body.GetProperty("unmatchedWords").EnumerateArray()).GetString());
        Assert.InRange(body.GetProperty("alternatives").GetArrayLength(), 1, 3);
    }

    [Fact]
    public async Task What_the_query_said_in_words_is_listed_as_understood_and_can_be_undone()
    {
        using var http = api.ClientAs(null);

        var body = await http.GetFromJsonAsync<JsonElement>("/api/directory/search?q=free%20coffee%20on%20Wednesdays%20near%20Cosham");

        var understood = body.GetProperty("understood").EnumerateArray()
            .Select(u => (u.GetProperty("kind").GetString(), u.GetProperty("value").GetString(), u.GetProperty("text").GetString())).ToList();
        Assert.Equal([("cost", "free", "Free"), ("day", "wednesday", "on Wednesdays"), ("place", "Cosham", "near Cosham")], understood);
        var undone = await http.GetFromJsonAsync<JsonElement>("/api/directory/search?q=free%20coffee%20on%20Wednesdays%20near%20Cosham&asTyped=day&asTyped=place");
        Assert.Equal(["cost"], undone.GetProperty("understood").EnumerateArray().Select(u => u.GetProperty("kind").GetString()));
        var invalid = await http.GetAsync("/api/directory/search?q=coffee&asTyped=colour");
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Fact]
    public async Task Invalid_parameters_are_a_400_naming_each_field()
    {
        using var http = api.ClientAs(null);

        var response = await http.GetAsync("/api/directory/search?day=funday&page=2147483647&pageSize=500&sort=distance&from=25:00&attendingType=teleport&radiusKm=5");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "day", "page", "pageSize", "sort", "from", "attendingType", "radiusKm" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error for '{field}'");
    }

    [Fact]
    public async Task Zero_result_searches_show_in_curator_insights_by_area_without_the_postcode()
    {
        using var resident = api.ClientAs(null);
        var search = await resident.GetFromJsonAsync<JsonElement>("/api/directory/search?q=zzxqv%20qqzzv&postcode=PO6%201BE");
        Assert.Equal(0, search.GetProperty("total").GetInt32());
        using var curator = api.ClientAs(TestTokens.For(Roles.Curator));

        JsonElement insights = default;
        await Eventually.Until(async () =>
        {
            insights = await curator.GetFromJsonAsync<JsonElement>("/api/directory/search/insights");
            // Other tests in this class search for things nothing fits too (without a place): wait for this one, by its area.
            return insights.GetProperty("zeroResults").EnumerateArray().Any(z =>
                z.TryGetProperty("outcode", out var outcode) && outcode.ValueKind == JsonValueKind.String && outcode.GetString() == "PO6");
        }, TimeSpan.FromSeconds(60), "the zero-result search to be logged with its outcode");

        Assert.DoesNotContain("1BE", insights.GetRawText());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(Roles.Practitioner, HttpStatusCode.Forbidden)]
    public async Task Only_curators_see_insights(string? role, HttpStatusCode expected)
    {
        using var http = api.ClientAs(role is null ? null : TestTokens.For(role));

        var response = await http.GetAsync("/api/directory/search/insights");

        Assert.Equal(expected, response.StatusCode);
    }
}
