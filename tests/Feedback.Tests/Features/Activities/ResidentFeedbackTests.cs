using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildingBlocks.Auth;
using Contracts.Directory;
using Feedback.Tests.Support;
using TestSupport;

namespace Feedback.Tests.Features.Activities;

public sealed class ResidentFeedbackTestsOnPostgres(FeedbackApi api) : ResidentFeedbackTests<FeedbackApi>(api);

public sealed class ResidentFeedbackTestsOnSqlite(SqliteFeedbackApi api) : ResidentFeedbackTests<SqliteFeedbackApi>(api);

public abstract class ResidentFeedbackTests<TApi>(TApi api) : IClassFixture<TApi> where TApi : FeedbackApi
{
    private static readonly string Curator = TestTokens.For(Roles.Curator);

    private async Task<Guid> ListedActivity(Guid? organisationId = null)
    {
        var serviceId = Guid.NewGuid();
        await api.Publish(new ServiceListed(serviceId, organisationId ?? Guid.NewGuid(), "Farlington Friends", "Tuesday Lunch Club",
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
    public async Task The_listings_organisation_replies_once_publicly_to_published_feedback_and_both_are_in_its_history()
    {
        var organisation = Guid.NewGuid();
        var serviceId = await ListedActivity(organisation);
        var published = await Submit(serviceId, 4, "Friendly, a bit noisy.");
        var waiting = await Submit(serviceId, 2, "Not yet moderated.");
        var withheld = await Submit(serviceId, 1, "Not for publishing.");
        await api.PostAs(Curator, $"/api/feedback/moderation/{published}/approve", new { });
        await api.PostAs(Curator, $"/api/feedback/moderation/{withheld}/reject", new { reason = "Names a volunteer" });
        var provider = TestTokens.For(Roles.Provider, organisation, "provider-of-the-listing");
        var reply = $"/api/feedback/activities/{serviceId}/feedback/{published}/reply";

        var empty = await api.PostAs(provider, reply, new { text = " " });
        var otherOrganisation = await api.PostAs(TestTokens.For(Roles.Provider, Guid.NewGuid()), reply, new { text = "Not ours to answer." });
        var curator = await api.PostAs(Curator, reply, new { text = "A curator is not the organisation." });
        var unpublished = await api.PostAs(provider, $"/api/feedback/activities/{serviceId}/feedback/{waiting}/reply", new { text = "Too soon." });
        var first = await api.PostAs(provider, reply, new { text = "Thank you! We now have a quiet corner on Tuesdays." });
        var second = await api.PostAs(provider, reply, new { text = "And another thing." });

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherOrganisation.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, curator.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unpublished.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        foreach (var problem in new[] { empty, otherOrganisation, unpublished, second })
            Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);

        using var anonymous = api.ClientAs(null);
        var shown = (await anonymous.GetFromJsonAsync<JsonElement>($"/api/feedback/activities/{serviceId}")).GetProperty("feedback").EnumerateArray()
            .Single(f => f.GetProperty("id").GetGuid() == published);
        Assert.Equal("Thank you! We now have a quiet corner on Tuesdays.", shown.GetProperty("reply").GetString());

        var history = (await api.Get<JsonElement>(provider, $"/api/feedback/activities/{serviceId}/history")).EnumerateArray()
            .Select(e => (Action: e.GetProperty("action").GetString(), By: e.GetProperty("by").GetString(), Why: e.TryGetProperty("why", out var why) ? why.GetString() : null)).ToList();
        Assert.Equal(3, history.Count);
        Assert.Equal(("replied", "Test provider (provider)", null), history[0]);
        Assert.Contains(("published", "Test curator (curator)", null), history);
        Assert.Contains(("withheld", "Test curator (curator)", "Names a volunteer"), history);
        using var stranger = api.ClientAs(TestTokens.For(Roles.Provider, Guid.NewGuid()));
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/api/feedback/activities/{serviceId}/history")).StatusCode);
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
