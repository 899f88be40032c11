using System.Text.Json;
using Feedback.Tests.Support;

namespace Feedback.Tests.Features.Referrals;

/// <summary>The summary says what the caller may record now, so clients need not re-derive Feedback's rules.</summary>
public sealed class SummaryActionsTests(FeedbackApi api) : IClassFixture<FeedbackApi>
{
    private static string[] Actions(JsonElement summary) =>
        summary.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()!).ToArray();

    private static object Answers(string stage) => new
    {
        stage,
        ons4 = new { lifeSatisfaction = 5, worthwhile = 5, happiness = 5, anxiety = 5 },
        loneliness = new { companionship = 2, leftOut = 2, isolated = 2 },
    };

    [Fact]
    public async Task The_receiving_provider_may_record_attendance_and_outcomes_and_the_referrer_may_only_read()
    {
        var referral = await api.AcceptedReferral(shareOutcomes: true);

        var provider = await api.Get<JsonElement>(referral.ProviderToken, $"{referral.Path}/summary");
        var referrer = await api.Get<JsonElement>(referral.ReferrerToken, $"{referral.Path}/summary");

        Assert.Equal(["record-attendance", "schedule-first-session", "record-outcome", "create-outcome-link"], Actions(provider));
        Assert.Empty(Actions(referrer));
    }

    [Fact]
    public async Task Once_both_stages_are_recorded_no_outcome_action_is_offered()
    {
        var referral = await api.AcceptedReferral();
        await api.PostAs(referral.ProviderToken, $"{referral.Path}/outcomes", Answers("baseline"));
        await api.PostAs(referral.ProviderToken, $"{referral.Path}/outcomes", Answers("follow-up"));

        var provider = await api.Get<JsonElement>(referral.ProviderToken, $"{referral.Path}/summary");

        Assert.Equal(["record-attendance", "schedule-first-session"], Actions(provider));
    }

    [Fact]
    public async Task A_completed_referral_takes_outcomes_but_no_more_attendance()
    {
        var referral = await api.AcceptedReferral(toStatus: "completed");

        var provider = await api.Get<JsonElement>(referral.ProviderToken, $"{referral.Path}/summary");

        Assert.Equal(["record-outcome", "create-outcome-link"], Actions(provider));
    }
}
