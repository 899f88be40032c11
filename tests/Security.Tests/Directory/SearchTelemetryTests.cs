using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Security.Tests.Support;
using TestSupport;

namespace Security.Tests.Directory;

/// <summary>Found by the fuzzer: one search with long filter values made the telemetry writer lose its whole batch.</summary>
public sealed class SearchTelemetryTests(DirectorySecurityApi api) : IClassFixture<DirectorySecurityApi>
{
    [Fact]
    public async Task A_search_with_very_long_filter_values_is_still_counted_in_the_insights()
    {
        using var curator = api.ClientFor(Caller.Curator);
        using var anonymous = api.ClientFor(Caller.Anonymous);
        var before = await Searches(curator);
        var terms = string.Join('&', Enumerable.Range(0, 12).Select(i => $"taxonomy={new string('x', 90)}{i}"));

        var search = await anonymous.GetAsync($"/api/directory/search?q=lunch&{terms}");

        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        await Eventually.Until(async () => await Searches(curator) > before, TimeSpan.FromSeconds(60), "the search to be counted");
    }

    private static async Task<int> Searches(HttpClient curator) =>
        (await curator.GetFromJsonAsync<JsonElement>("/api/directory/search/insights?days=1")).GetProperty("searches").GetInt32();
}
