using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using Contracts.Feedback;
using FeedbackService.Data;
using FeedbackService.Domain;
using FeedbackService.Insights;
using FeedbackService.Notifications;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace FeedbackService.Features.Outcomes;

/// <summary>Provider staff enter the baseline or follow-up wellbeing and loneliness answers.</summary>
public static class RecordOutcome
{
    public sealed record Body(string? Stage, Ons4Answers? Ons4, LonelinessAnswers? Loneliness);

    public sealed record Command(Guid ReferralId, string? Stage, Ons4Answers? Ons4, LonelinessAnswers? Loneliness) : ICommand<Result>;

    public sealed record Result(Guid Id, string Stage, int Ons4PositiveTotal, int Anxiety, int LonelinessTotal);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Stage).NotEmpty().Must(s => OutcomeStage.All.Contains(s))
                .WithMessage("Stage must be baseline or follow-up.");
            this.AnswersRequired(c => c.Ons4, c => c.Loneliness);
        }
    }

    internal sealed class Handler(FeedbackDb db, CurrentUser user, TimeProvider clock, Notifier notifier) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var referral = await db.GetReferral(command.ReferralId, cancellationToken);
            referral.EnsureProviderStaff(user);
            var outcome = await Outcomes.Record(db, notifier, referral, command.Stage!, command.Ons4!.ToOns4(),
                command.Loneliness!.ToLoneliness(), "provider", clock.GetUtcNow(), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return new Result(outcome.Id, outcome.Stage, outcome.Ons4PositiveTotal, outcome.Ons4.Anxiety, outcome.Loneliness.Total);
        }
    }

    internal static async Task<IResult> Endpoint(Guid referralId, Body body, Sender mediator, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new Command(referralId, body.Stage, body.Ons4, body.Loneliness), cancellationToken);
        return Results.Created($"/api/feedback/referrals/{referralId}/summary", result);
    }
}

/// <summary>What recording a stage means, whoever enters it: one per stage, an event, and the change for the referrer.</summary>
internal static class Outcomes
{
    public static async Task<OutcomeMeasure> Record(FeedbackDb db, Notifier notifier, Referral referral, string stage,
        Ons4 ons4, Loneliness loneliness, string enteredBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        referral.EnsureMeasurable();
        var earlier = await db.Outcomes.Where(o => o.ReferralId == referral.Id).ToListAsync(cancellationToken);
        if (earlier.Any(o => o.Stage == stage))
            throw new ConflictException($"The {stage} answers for this referral are already recorded.",
                new Dictionary<string, object?> { ["stage"] = stage });

        var outcome = db.Outcomes.Add(new OutcomeMeasure(referral.Id, stage, ons4, loneliness, enteredBy, now)).Entity;
        db.Publish(new OutcomeRecorded(referral.Id, stage, outcome.Ons4PositiveTotal, loneliness.Total, now), now);
        await InsightOwnFacts.OutcomeRecorded(db, referral.Id, stage, outcome.Ons4PositiveTotal, loneliness.Total, now, cancellationToken);

        var change = OutcomeChange.Between(earlier.FirstOrDefault(o => o.Stage == OutcomeStage.Baseline),
            stage == OutcomeStage.FollowUp ? outcome : null);
        if (change is not null && referral.ShareOutcomesWithReferrer)
            await notifier.ToUser($"outcome:{outcome.Id}", referral.ReferrerId,
                Templates.FollowUpRecorded(referral.Id, await db.ActivityName(referral.ServiceId, cancellationToken), change), cancellationToken);
        return outcome;
    }
}
