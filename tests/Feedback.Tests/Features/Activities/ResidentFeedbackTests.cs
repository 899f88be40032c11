using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildingBlocks.Auth;
using Contracts.Directory;
using Feedback.Tests.Support;
using TestSupport;

namespace Feedback.Tests.Features.Activities;

public sealed class ResidentFeedbackTests(FeedbackApi api) : IClassFixture<FeedbackApi>
{
    private static readonly string Curator = TestTokens.For(Roles.Curator);

    private async Task<Guid> ListedActivity()
    {
        var serviceId = Guid.NewGuid();
        await api.Publish(new ServiceListed(serviceId, Guid.NewGuid(), "Farlington Friends", "Tuesday Lunch Club",
            ReferralAcceptance.Yes, true, true, ["Drayton and Farlington"], DateTimeOffset.UtcNow));
        using var http = api.ClientAs(null);
        await Eventually.Until(async () => (await http.GetAsync($"/api/feedback/activities/{serviceId}")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(30), "the activity to be known");
        return serviceId;
    }

    private async Task<Guid> Submit(Guid serviceId, int rating, string comment)
    {
        var response = await api.PostAs(null, $"/api/feedback/activities/{serviceId}/feedback", new { rating, comment });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task Feedback_is_shown_on_the_listing_only_after_a_curator_approves_it()
    {
        var serviceId = await ListedActivity();
        var kind = await Submit(serviceId, 5, "Lovely people, and the soup is good.");
        var rude = await Submit(serviceId, 1, "Something a curator would not publish.");
        var fair = await Submit(serviceId, 4, "Friendly, a bit noisy.");

        var before = await api.Get<JsonElement>(Curator, $"/api/feedback/activities/{serviceId}");
        Assert.Equal(0, before.GetProperty("feedbackCount").GetInt32());
        var queue = await api.Get<JsonElement>(Curator, "/api/feedback/moderation");
        Assert.Equal(3, queue.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("serviceId").GetGuid() == serviceId));

        Assert.Equal(HttpStatusCode.OK, (await api.PostAs(Curator, $"/api/feedback/moderation/{kind}/approve", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAs(Curator, $"/api/feedback/moderation/{fair}/approve", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAs(Curator, $"/api/feedback/moderation/{rude}/reject", new { reason = "abusive" })).StatusCode);

        var after = await api.Get<JsonElement>(Curator, $"/api/feedback/activities/{serviceId}");
        Assert.Equal(2, after.GetProperty("feedbackCount").GetInt32());
        Assert.Equal(4.5, after.GetProperty("averageRating").GetDouble());
        Assert.DoesNotContain(after.GetProperty("feedback").EnumerateArray(), f => f.GetProperty("id").GetGuid() == rude);
    }

    [Fact]
    public async Task Moderating_twice_is_a_409()
    {
        var serviceId = await ListedActivity();
        var id = await Submit(serviceId, 3, "OK");
        await api.PostAs(Curator, $"/api/feedback/moderation/{id}/approve", new { });

        var again = await api.PostAs(Curator, $"/api/feedback/moderation/{id}/reject", new { });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(Roles.Practitioner, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Provider, HttpStatusCode.Forbidden)]
    public async Task Only_curators_see_the_moderation_queue(string? role, HttpStatusCode expected)
    {
        using var http = api.ClientAs(role is null ? null : TestTokens.For(role, Guid.NewGuid()));

        Assert.Equal(expected, (await http.GetAsync("/api/feedback/moderation")).StatusCode);
    }

    [Fact]
    public async Task A_rating_outside_1_to_5_is_a_400_and_an_unknown_activity_a_404()
    {
        var serviceId = await ListedActivity();

        var bad = await api.PostAs(null, $"/api/feedback/activities/{serviceId}/feedback", new { rating = 6, comment = "great" });
        var unknown = await api.PostAs(null, $"/api/feedback/activities/{Guid.NewGuid()}/feedback", new { rating = 5 });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
