using FeedbackService.Domain;
using FluentValidation;

namespace FeedbackService.Features.Outcomes;

/// <summary>The answers as sent: nullable, so a missing answer is "required", never silently 0.</summary>
public sealed record Ons4Answers(int? LifeSatisfaction, int? Worthwhile, int? Happiness, int? Anxiety)
{
    public Ons4 ToOns4() => new(LifeSatisfaction!.Value, Worthwhile!.Value, Happiness!.Value, Anxiety!.Value);
}

public sealed record LonelinessAnswers(int? Companionship, int? LeftOut, int? Isolated)
{
    public Loneliness ToLoneliness() => new(Companionship!.Value, LeftOut!.Value, Isolated!.Value);
}

public sealed class Ons4AnswersValidator : AbstractValidator<Ons4Answers>
{
    public Ons4AnswersValidator()
    {
        const string range = "Answer with a whole number from 0 (not at all) to 10 (completely).";
        RuleFor(a => a.LifeSatisfaction).NotNull().InclusiveBetween(Ons4.Min, Ons4.Max).WithMessage(range);
        RuleFor(a => a.Worthwhile).NotNull().InclusiveBetween(Ons4.Min, Ons4.Max).WithMessage(range);
        RuleFor(a => a.Happiness).NotNull().InclusiveBetween(Ons4.Min, Ons4.Max).WithMessage(range);
        RuleFor(a => a.Anxiety).NotNull().InclusiveBetween(Ons4.Min, Ons4.Max).WithMessage(range);
    }
}

public sealed class LonelinessAnswersValidator : AbstractValidator<LonelinessAnswers>
{
    public LonelinessAnswersValidator()
    {
        const string range = "Answer 1 (hardly ever), 2 (some of the time) or 3 (often).";
        RuleFor(a => a.Companionship).NotNull().InclusiveBetween(Loneliness.Min, Loneliness.Max).WithMessage(range);
        RuleFor(a => a.LeftOut).NotNull().InclusiveBetween(Loneliness.Min, Loneliness.Max).WithMessage(range);
        RuleFor(a => a.Isolated).NotNull().InclusiveBetween(Loneliness.Min, Loneliness.Max).WithMessage(range);
    }
}

/// <summary>Shared by the provider's and the person's entry: both questionnaires, complete and in range.</summary>
internal static class OutcomeRules
{
    public static void AnswersRequired<T>(this AbstractValidator<T> validator,
        System.Linq.Expressions.Expression<Func<T, Ons4Answers?>> ons4,
        System.Linq.Expressions.Expression<Func<T, LonelinessAnswers?>> loneliness)
    {
        validator.RuleFor(ons4).NotNull().SetValidator(new Ons4AnswersValidator()!);
        validator.RuleFor(loneliness).NotNull().SetValidator(new LonelinessAnswersValidator()!);
    }
}
