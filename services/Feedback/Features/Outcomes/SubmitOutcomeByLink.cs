using BuildingBlocks.Web;
using FeedbackService.Data;
using FeedbackService.Domain;
using FeedbackService.Notifications;
using FluentValidation;
using Mediator;

namespace FeedbackService.Features.Outcomes;

/// <summary>The person answers through their one-time link (no sign-in: the link is the credential).</summary>
public static class SubmitOutcomeByLink
{
    public sealed record Body(Ons4Answers? Ons4, LonelinessAnswers? Loneliness);

    public sealed record Command(string Token, Ons4Answers? Ons4, LonelinessAnswers? Loneliness) : ICommand<Result>;

    public sealed record Result(string Stage);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Token).NotEmpty().MaximumLength(100);
            this.AnswersRequired(c => c.Ons4, c => c.Loneliness);
        }
    }

    internal sealed class Handler(FeedbackDb db, TimeProvider clock, Notifier notifier) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            // The same 404 for unknown tokens whatever the reason, so tokens cannot be probed.
            var link = await db.OutcomeLinks.FindAsync([OutcomeLink.Hash(command.Token)], cancellationToken)
                       ?? throw new NotFoundException("Link", "this");
            var now = clock.GetUtcNow();
            link.Use(now);
            var referral = await db.GetReferral(link.ReferralId, cancellationToken);
            await Outcomes.Record(db, notifier, referral, link.Stage, command.Ons4!.ToOns4(), command.Loneliness!.ToLoneliness(),
                "person", now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return new Result(link.Stage);
        }
    }

    internal static async Task<IResult> Endpoint(string token, Body body, Sender mediator, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new Command(token, body.Ons4, body.Loneliness), cancellationToken);
        return Results.Ok(result);
    }
}
