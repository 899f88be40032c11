using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task A_search_tells_insight_its_gap_words_but_never_a_name_phone_email_or_postcode_typed_into_it()
    {
        using var anonymous = api.ClientFor(Caller.Anonymous);
        var typed = "zorbing with Bartholomew Quigley 07700 900123 bq@example.org PO6 2GB";

        var search = await anonymous.GetAsync($"/api/directory/search?q={Uri.EscapeDataString(typed)}");

        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        string? published = null;
        await Eventually.Until(async () => (published = (await SearchesPublished()).SingleOrDefault(b => b.Contains("zorbing"))) is not null,
            TimeSpan.FromSeconds(60), "the search to be published to insight");
        var searched = JsonDocument.Parse(published!).RootElement;
        Assert.Equal(["zorbing"], searched.GetProperty("unmatchedWords").EnumerateArray().Select(w => w.GetString()));
        Assert.True(searched.GetProperty("miss").GetBoolean());
        foreach (var part in new[] { "bartholomew", "quigley", "07700", "900123", "example", "po6", "2gb" })
            Assert.DoesNotContain(part, published, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_search_only_its_filters_emptied_is_a_miss_but_not_a_gap_for_its_words()
    {
        using var anonymous = api.ClientFor(Caller.Anonymous);
        var before = (await SearchesPublished()).ToHashSet();

        // Every listing here is a Tuesday lunch club: lunch the directory has, only not in the evening.
        var search = await anonymous.GetFromJsonAsync<JsonElement>("/api/directory/search?q=lunch+in+the+evening");

        Assert.True(search.TryGetProperty("foundWithoutFilters", out var found) && found.GetInt32() > 0, search.ToString());
        List<string> published = [];
        await Eventually.Until(async () => (published = [.. (await SearchesPublished()).Where(b => !before.Contains(b))]).Count > 0,
            TimeSpan.FromSeconds(60), "the search to be published to insight");
        var searched = JsonDocument.Parse(Assert.Single(published)).RootElement;
        Assert.True(searched.GetProperty("miss").GetBoolean());
        Assert.Empty(searched.GetProperty("unmatchedWords").EnumerateArray());
    }

    private async Task<List<string>> SearchesPublished()
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryService.Data.DirectoryDb>();
        return await db.Outbox.AsNoTracking().Where(m => m.MessageType == typeof(Contracts.Directory.SearchPerformed).FullName)
            .Select(m => m.Body).ToListAsync();
    }

    private static async Task<int> Searches(HttpClient curator) =>
        (await curator.GetFromJsonAsync<JsonElement>("/api/directory/search/insights?days=1")).GetProperty("searches").GetInt32();
}
