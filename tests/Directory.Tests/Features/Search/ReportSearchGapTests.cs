using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contracts.Directory;
using DirectoryService.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Features.Search;

/// <summary>"Tell the hub" after a miss: only a search this directory logged as a miss can be reported, by its id alone.</summary>
public sealed class ReportSearchGapTests(DemoDirectoryApi api) : IClassFixture<DemoDirectoryApi>
{
    [Fact]
    public async Task Anyone_can_report_a_search_that_found_nothing_and_insight_is_told_its_id_only()
    {
        using var http = api.ClientAs(null);
        var search = await http.GetFromJsonAsync<JsonElement>("/api/directory/search?q=sailing%20club");
        var searchId = search.GetProperty("searchId").GetGuid();

        var reported = await http.PostAsync($"/api/directory/search/{searchId}/gap", null);

        Assert.Equal(HttpStatusCode.Accepted, reported.StatusCode);
        var published = await Published();
        Assert.Contains(published, body => body.GetProperty("searchId").GetGuid() == searchId);
        Assert.All(published, body => Assert.Equal(["searchId", "occurredAt"], body.EnumerateObject().Select(p => p.Name)));
    }

    [Fact]
    public async Task A_search_that_found_what_was_asked_for_is_not_a_gap()
    {
        using var http = api.ClientAs(null);
        var search = await http.GetFromJsonAsync<JsonElement>("/api/directory/search?q=befriending");
        Assert.True(search.GetProperty("total").GetInt32() > 0);

        var reported = await http.PostAsync($"/api/directory/search/{search.GetProperty("searchId").GetGuid()}/gap", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reported.StatusCode);
        Assert.Equal("application/problem+json", reported.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("art for 5 year olds", false)]
    [InlineData("sailing club for older people", true)]
    public async Task A_search_with_results_can_be_reported_only_when_its_answer_said_some_words_found_nothing(string q, bool saidBack)
    {
        using var http = api.ClientAs(null);
        var search = await http.GetFromJsonAsync<JsonElement>($"/api/directory/search?q={Uri.EscapeDataString(q)}");
        Assert.True(search.GetProperty("total").GetInt32() > 0);
        Assert.Equal(saidBack, search.TryGetProperty("unmatchedWords", out var words) && words.ValueKind == JsonValueKind.Array && words.GetArrayLength() > 0);

        var reported = await http.PostAsync($"/api/directory/search/{search.GetProperty("searchId").GetGuid()}/gap", null);

        // The page offers "Tell the hub" on the same condition: the two never disagree on what is a gap.
        Assert.Equal(saidBack ? HttpStatusCode.Accepted : HttpStatusCode.UnprocessableEntity, reported.StatusCode);
    }

    [Fact]
    public async Task A_search_never_made_cannot_be_reported()
    {
        using var http = api.ClientAs(null);

        var reported = await http.PostAsync($"/api/directory/search/{Guid.NewGuid()}/gap", null);

        Assert.Equal(HttpStatusCode.NotFound, reported.StatusCode);
        Assert.Equal("application/problem+json", reported.Content.Headers.ContentType?.MediaType);
    }

    private async Task<List<JsonElement>> Published()
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
        var bodies = await db.Outbox.AsNoTracking().Where(m => m.MessageType == typeof(SearchGapReported).FullName).Select(m => m.Body).ToListAsync();
        return [.. bodies.Select(b => JsonDocument.Parse(b).RootElement)];
    }
}
