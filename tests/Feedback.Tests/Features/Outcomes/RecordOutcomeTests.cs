using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildingBlocks.Auth;
using Feedback.Tests.Support;
using FeedbackService.Insights;
using Microsoft.EntityFrameworkCore;
using TestSupport;

namespace Feedback.Tests.Features.Outcomes;

public sealed class RecordOutcomeTests(FeedbackApi api) : IClassFixture<FeedbackApi>
{
    private static object Answers(string stage, int life, int anxiety, int lonely) => new
    {
        stage,
        ons4 = new { lifeSatisfaction = life, worthwhile = 5, happiness = 5, anxiety },
        loneliness = new { companionship = lonely, leftOut = lonely, isolated = lonely },
    };

    [Fact]
    public async Task Baseline_and_follow_up_give_the_change_in_the_consenting_referrers_summary()
    {
        var referral = await api.AcceptedReferral(shareOutcomes: true, madeAt: FeedbackApi.MadeInSeptember);
        await api.PostAs(referral.ProviderToken, $"{referral.Path}/attendance", new { sessionDate = "2026-10-01", status = "attended" });
        await api.PostAs(referral.ProviderToken, $"{referral.Path}/attendance", new { sessionDate = "2026-10-08", status = "did-not-attend" });

        var baseline = await api.PostAs(referral.ProviderToken, $"{referral.Path}/outcomes", Answers("baseline", life: 3, anxiety: 8, lonely: 3));
        var followUp = await api.PostAs(referral.ProviderToken, $"{referral.Path}/outcomes", Answers("follow-up", life: 7, anxiety: 4, lonely: 2));
        Assert.Equal(HttpStatusCode.Created, baseline.StatusCode);
        Assert.Equal(HttpStatusCode.Created, followUp.StatusCode);

        var summary = await api.Get<JsonElement>(referral.ReferrerToken, $"{referral.Path}/summary");
        Assert.Equal(1, summary.GetProperty("attendance").GetProperty("attended").GetInt32());
        Assert.Equal(1, summary.GetProperty("attendance").GetProperty("didNotAttend").GetInt32());
        Assert.Equal("2026-10-01", summary.GetProperty("attendance").GetProperty("lastAttended").GetString());
        Assert.Equal(9, summary.GetProperty("baseline").GetProperty("lonelinessTotal").GetInt32());
        var change = summary.GetProperty("change");
        Assert.Equal(4, change.GetProperty("lifeSatisfaction").GetInt32());
        Assert.Equal(4, change.GetProperty("anxietyReduction").GetInt32());
        Assert.Equal(3, change.GetProperty("lonelinessReduction").GetInt32());
        await api.WaitForInbox(referral.ReferrerToken, referral.Id, "outcomes-follow-up");
        // Insight has both stages' totals, recorded with the answers (not sent back to Feedback as messages).
        var totals = await api.InDb(db => db.Set<InsightOutcome>().AsNoTracking().Where(o => o.ReferralId == referral.Id)
            .OrderBy(o => o.Stage).Select(o => new { o.Stage, o.LonelinessTotal }).ToListAsync());
        Assert.Equal([("baseline", (int?)9), ("follow-up", 6)], totals.Select(t => (t.Stage, t.LonelinessTotal)));
    }

    [Fact]
    public async Task Without_the_persons_consent_the_referrer_gets_a_403_and_a_stranger_the_404_of_an_unknown_referral()
    {
        var referral = await api.AcceptedReferral(shareOutcomes: false);
        using var referrer = api.ClientAs(referral.ReferrerToken);
        using var stranger = api.ClientAs(TestTokens.For(Roles.Practitioner));
        using var provider = api.ClientAs(referral.ProviderToken);

        Assert.Equal(HttpStatusCode.Forbidden, (await referrer.GetAsync($"{referral.Path}/summary")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"{referral.Path}/summary")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await provider.GetAsync($"{referral.Path}/summary")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await provider.GetAsync($"/api/feedback/referrals/{Guid.NewGuid()}/summary")).StatusCode);
    }

    [Fact]
    public async Task Answers_out_of_range_get_a_400_naming_each_field()
    {
        var referral = await api.AcceptedReferral();

        var response = await api.PostAs(referral.ProviderToken, $"{referral.Path}/outcomes", new
        {
            stage = "baseline",
            ons4 = new { lifeSatisfaction = 11, worthwhile = 5, happiness = 5, anxiety = -1 },
            loneliness = new { companionship = 2, leftOut = 4, isolated = 2 },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("ons4.lifeSatisfaction", out _));
        Assert.True(errors.TryGetProperty("ons4.anxiety", out _));
        Assert.True(errors.TryGetProperty("loneliness.leftOut", out _));
    }

    [Fact]
    public async Task A_stage_is_recorded_once_and_only_by_the_receiving_provider()
    {
        var referral = await api.AcceptedReferral();

        var other = await api.PostAs(TestTokens.For(Roles.Provider, Guid.NewGuid()), $"{referral.Path}/outcomes", Answers("baseline", 5, 5, 2));
        var first = await api.PostAs(referral.ProviderToken, $"{referral.Path}/outcomes", Answers("baseline", 5, 5, 2));
        var again = await api.PostAs(referral.ProviderToken, $"{referral.Path}/outcomes", Answers("baseline", 6, 5, 2));

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task The_person_answers_once_through_their_link_without_signing_in()
    {
        var referral = await api.AcceptedReferral();
        var created = await api.PostAs(referral.ProviderToken, $"{referral.Path}/outcome-links", new { stage = "baseline" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        var answers = new { ons4 = new { lifeSatisfaction = 4, worthwhile = 4, happiness = 4, anxiety = 6 }, loneliness = new { companionship = 3, leftOut = 2, isolated = 3 } };

        var used = await api.PostAs(null, $"/api/feedback/outcome-links/{token}", answers);
        var reused = await api.PostAs(null, $"/api/feedback/outcome-links/{token}", answers);
        var unknown = await api.PostAs(null, "/api/feedback/outcome-links/not-a-real-token", answers);

        Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var summary = await api.Get<JsonElement>(referral.ProviderToken, $"{referral.Path}/summary");
        Assert.Equal("person", summary.GetProperty("baseline").GetProperty("enteredBy").GetString());
        Assert.Equal(8, summary.GetProperty("baseline").GetProperty("lonelinessTotal").GetInt32());
    }

    [Fact]
    public async Task Only_provider_staff_create_outcome_links()
    {
        var referral = await api.AcceptedReferral();

        var response = await api.PostAs(referral.ReferrerToken, $"{referral.Path}/outcome-links", new { stage = "baseline" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
