using FeedbackService.Features.Outcomes;
using FluentValidation.TestHelper;

namespace Feedback.Tests.Features.Outcomes;

public sealed class OutcomeValidationTests
{
    private static readonly RecordOutcome.Validator Validator = new();
    private static readonly Ons4Answers GoodOns4 = new(5, 6, 7, 3);
    private static readonly LonelinessAnswers GoodLoneliness = new(2, 2, 1);

    private static RecordOutcome.Command Command(string? stage = "baseline", Ons4Answers? ons4 = null, LonelinessAnswers? loneliness = null) =>
        new(Guid.NewGuid(), stage, ons4 ?? GoodOns4, loneliness ?? GoodLoneliness);

    [Fact]
    public void Complete_answers_in_range_are_valid_at_the_edges_of_each_scale()
    {
        Validator.TestValidate(Command("baseline", new Ons4Answers(0, 10, 0, 10), new LonelinessAnswers(1, 3, 1))).ShouldNotHaveAnyValidationErrors();
        Validator.TestValidate(Command("follow-up", new Ons4Answers(10, 0, 10, 0), new LonelinessAnswers(3, 1, 3))).ShouldNotHaveAnyValidationErrors();
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    public void Ons4_answers_outside_0_to_10_are_refused(int value)
    {
        var result = Validator.TestValidate(Command(ons4: GoodOns4 with { Happiness = value }));

        result.ShouldHaveValidationErrorFor("Ons4.Happiness").WithErrorMessage("Answer with a whole number from 0 (not at all) to 10 (completely).");
        result.ShouldNotHaveValidationErrorFor("Ons4.Anxiety");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Loneliness_answers_outside_1_to_3_are_refused(int value)
    {
        var result = Validator.TestValidate(Command(loneliness: GoodLoneliness with { LeftOut = value }));

        result.ShouldHaveValidationErrorFor("Loneliness.LeftOut");
    }

    [Fact]
    public void A_missing_answer_is_required_not_taken_as_zero()
    {
        var result = Validator.TestValidate(Command(ons4: GoodOns4 with { Anxiety = null }, loneliness: GoodLoneliness with { Isolated = null }));

        result.ShouldHaveValidationErrorFor("Ons4.Anxiety");
        result.ShouldHaveValidationErrorFor("Loneliness.Isolated");
    }

    [Fact]
    public void Missing_questionnaires_and_unknown_stages_are_refused()
    {
        var result = Validator.TestValidate(new RecordOutcome.Command(Guid.NewGuid(), "midway", null, null));

        result.ShouldHaveValidationErrorFor(c => c.Stage);
        result.ShouldHaveValidationErrorFor(c => c.Ons4);
        result.ShouldHaveValidationErrorFor(c => c.Loneliness);
    }

    [Fact]
    public void The_persons_link_entry_is_held_to_the_same_ranges()
    {
        var result = new SubmitOutcomeByLink.Validator().TestValidate(
            new SubmitOutcomeByLink.Command("token", GoodOns4 with { LifeSatisfaction = 12 }, GoodLoneliness with { Companionship = 0 }));

        result.ShouldHaveValidationErrorFor("Ons4.LifeSatisfaction");
        result.ShouldHaveValidationErrorFor("Loneliness.Companionship");
    }
}
