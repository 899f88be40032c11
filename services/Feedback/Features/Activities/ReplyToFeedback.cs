using BuildingBlocks.Auth;
using BuildingBlocks.Validation;
using BuildingBlocks.Web;
using FeedbackService.Data;
using FluentValidation;
using Mediator;

namespace FeedbackService.Features.Activities;

/// <summary>
/// The listing's own organisation replies once, publicly, to published resident feedback; the reply is shown under it on
/// the listing. Another organisation's staff get 403; feedback not (yet) published does not exist for them (404); a
/// second reply is a 409.
/// </summary>
public static class ReplyToFeedback
{
    public sealed record Body(string? Text);

    public sealed record Command(Guid ServiceId, Guid FeedbackId, string? Text) : ICommand<Result>;

    public sealed record Result(Guid Id, string Reply, string RepliedBy, DateTimeOffset RepliedAt);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Text).NotEmpty().WithMessage("Enter your reply.").MaximumLength(1000).MustBePlainText();
    }

    internal sealed class Handler(FeedbackDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var feedback = await db.ResidentFeedback.FindAsync([command.FeedbackId], cancellationToken);
            if (feedback is null || feedback.ServiceId != command.ServiceId || !feedback.IsPublished)
                throw new NotFoundException("Feedback", command.FeedbackId);
            var activity = await db.Activities.FindAsync([command.ServiceId], cancellationToken) ?? throw new NotFoundException("Activity", command.ServiceId);
            if (!user.IsStaffOf(activity.OrganisationId))
                throw new ForbiddenException("Only the listing's own organisation can reply to its feedback.");
            feedback.AddReply(command.Text!, user.InHistory, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            return new Result(feedback.Id, feedback.Reply!, feedback.RepliedBy!, feedback.RepliedAt!.Value);
        }
    }

    internal static async Task<IResult> Endpoint(Guid serviceId, Guid id, Body body, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(serviceId, id, body.Text), cancellationToken));
}
