using BuildingBlocks.Web;
using FeedbackService.Domain;

namespace Feedback.Tests.Domain;

public sealed class OutcomeMeasureTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);

    private static OutcomeMeasure Measure(string stage, Ons4 ons4, Loneliness loneliness) =>
        new(Guid.NewGuid(), stage, ons4, loneliness, "provider", At);

    [Fact]
    public void The_loneliness_total_is_the_sum_of_the_three_items()
    {
        Assert.Equal(3, new Loneliness(1, 1, 1).Total);
        Assert.Equal(7, new Loneliness(3, 2, 2).Total);
        Assert.Equal(9, new Loneliness(3, 3, 3).Total);
    }

    [Fact]
    public void The_ons4_total_sums_the_three_positive_items_and_leaves_anxiety_out()
    {
        Assert.Equal(4 + 5 + 6, Measure(OutcomeStage.Baseline, new Ons4(4, 5, 6, 9), new Loneliness(3, 3, 3)).Ons4PositiveTotal);
    }

    [Fact]
    public void Change_is_positive_for_improvement_on_every_line_including_less_anxiety_and_less_loneliness()
    {
        var baseline = Measure(OutcomeStage.Baseline, new Ons4(3, 4, 5, 8), new Loneliness(3, 3, 2));
        var followUp = Measure(OutcomeStage.FollowUp, new Ons4(6, 4, 4, 5), new Loneliness(2, 1, 2));

        var change = OutcomeChange.Between(baseline, followUp);

        Assert.Equal(new OutcomeChange(LifeSatisfaction: 3, Worthwhile: 0, Happiness: -1, AnxietyReduction: 3, LonelinessReduction: 3), change);
    }

    [Fact]
    public void There_is_no_change_to_report_until_both_stages_are_recorded()
    {
        var baseline = Measure(OutcomeStage.Baseline, new Ons4(3, 4, 5, 8), new Loneliness(3, 3, 2));
        Assert.Null(OutcomeChange.Between(baseline, null));
        Assert.Null(OutcomeChange.Between(null, baseline));
    }

    [Fact]
    public void A_link_token_works_once_and_only_its_hash_is_stored()
    {
        var (link, token) = OutcomeLink.Create(Guid.NewGuid(), OutcomeStage.Baseline, "staff", At, TimeSpan.FromDays(28));

        Assert.Equal(OutcomeLink.Hash(token), link.TokenHash);
        Assert.DoesNotContain(token, link.TokenHash);
        link.Use(At.AddDays(1));
        Assert.Throws<ConflictException>(() => link.Use(At.AddDays(2)));
    }

    [Fact]
    public void An_expired_link_cannot_be_used()
    {
        var (link, _) = OutcomeLink.Create(Guid.NewGuid(), OutcomeStage.FollowUp, "staff", At, TimeSpan.FromDays(28));

        Assert.Throws<ConflictException>(() => link.Use(At.AddDays(29)));
    }
}
