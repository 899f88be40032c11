using BuildingBlocks.Validation;
using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using FeedbackService.Data;
using FluentValidation;
using Mediator;

namespace FeedbackService.Features.Moderation;

/// <summary>A curator publishes (approve) or withholds (reject, with an optional reason) one piece of feedback.</summary>
public static class ModerateFeedback
{
    public sealed record RejectBody(string? Reason);

    public sealed record Command(Guid Id, bool Approve, string? Reason) : ICommand<Result>;

    public sealed record Result(Guid Id, string Status);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).MaximumLength(500).MustBePlainText();
    }

    internal sealed class Handler(FeedbackDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var feedback = await db.ResidentFeedback.FindAsync([command.Id], cancellationToken) ?? throw new NotFoundException("Feedback", command.Id);
            // Who, as the listing's history names people; the reason is the why of a withheld one.
            var by = user.InHistory;
            if (command.Approve) feedback.Approve(by, clock.GetUtcNow());
            else feedback.Reject(by, string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim(), clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            return new Result(feedback.Id, feedback.Status);
        }
    }

    internal static async Task<IResult> Approve(Guid id, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(id, true, null), cancellationToken));

    internal static async Task<IResult> Reject(Guid id, RejectBody? body, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(id, false, body?.Reason), cancellationToken));
}
