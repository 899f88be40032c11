using System.Net;
using System.Text.Json;
using BuildingBlocks.Auth;
using Feedback.Tests.Support;
using TestSupport;

namespace Feedback.Tests.Features;

/// <summary>The inbox, the deliveries list and the moderation queue page by the shared rule.</summary>
public sealed class PagingTests(FeedbackApi api) : IClassFixture<FeedbackApi>
{
    public static TheoryData<string, string> Lists => new()
    {
        { "/api/feedback/inbox", Roles.Practitioner },
        { "/api/feedback/deliveries", Roles.Admin },
        { "/api/feedback/moderation", Roles.Curator },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_page_out_of_range_is_a_400_naming_the_page(string path, string role)
    {
        using var http = api.ClientAs(TestTokens.For(role));

        foreach (var page in new[] { "0", "10001", "2147483647" })
        {
            var response = await http.GetAsync($"{path}?page={page}");

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.True(problem.GetProperty("errors").TryGetProperty("page", out _), problem.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_page_past_the_end_is_empty_and_says_its_number(string path, string role)
    {
        var page = await api.Get<JsonElement>(TestTokens.For(role), $"{path}?page=10000&pageSize=5");

        Assert.Empty(page.GetProperty("items").EnumerateArray());
        Assert.Equal(10000, page.GetProperty("page").GetInt32());
        Assert.Equal(5, page.GetProperty("pageSize").GetInt32());
    }
}
