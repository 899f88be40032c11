using System.Net;
using System.Text.Json;
using BuildingBlocks.Auth;
using Feedback.Tests.Support;
using TestSupport;

namespace Feedback.Tests.Insights;

/// <summary>
/// A period out of range is answered in the dates the API takes and a reader in the UK cannot misread (2100-12-31),
/// never the invariant culture's US order (12/31/2100): one setting for every validator (BuildingBlocks.Validation.ValidationMessages).
/// </summary>
public sealed class InsightValidationMessageTests(FeedbackApi api) : IClassFixture<FeedbackApi>
{
    [Fact]
    public async Task A_from_date_out_of_range_is_a_400_problem_whose_message_gives_the_dates_as_the_API_takes_them()
    {
        using var commissioner = api.ClientAs(TestTokens.For(Roles.Commissioner));

        var response = await commissioner.GetAsync("/api/feedback/insights?from=0001-01-01&to=2026-01-01");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        var messages = JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty("from").EnumerateArray().Select(m => m.GetString());
        Assert.Contains("'From' must be between 2000-01-01 and 2100-12-31. You entered 0001-01-01.", messages);
        Assert.DoesNotContain("12/31", body);
        Assert.DoesNotContain("01/01", body);
    }
}
