using BuildingBlocks.Web;
using FeedbackService.Data;
using FeedbackService.Domain;
using FluentValidation;
using Mediator;

namespace FeedbackService.Features.Activities;

/// <summary>Anyone may rate and comment on an activity; it is held for a curator before it is shown.</summary>
public static class SubmitFeedback
{
    public sealed record Body(int? Rating, string? Comment);

    public sealed record Command(Guid ServiceId, int? Rating, string? Comment) : ICommand<Result>;

    public sealed record Result(Guid Id, string Status);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Rating).NotNull().InclusiveBetween(1, 5).WithMessage("Rating must be from 1 to 5 stars.");
            RuleFor(c => c.Comment).MaximumLength(1000);
        }
    }

    internal sealed class Handler(FeedbackDb db, TimeProvider clock) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            _ = await db.Activities.FindAsync([command.ServiceId], cancellationToken) ?? throw new NotFoundException("Activity", command.ServiceId);
            var feedback = db.ResidentFeedback.Add(new ResidentFeedback(command.ServiceId, command.Rating!.Value, command.Comment ?? "", clock.GetUtcNow())).Entity;
            await db.SaveChangesAsync(cancellationToken);
            return new Result(feedback.Id, feedback.Status);
        }
    }

    internal static async Task<IResult> Endpoint(Guid serviceId, Body body, Sender mediator, CancellationToken cancellationToken) =>
        Results.Accepted(value: await mediator.Send(new Command(serviceId, body.Rating, body.Comment), cancellationToken));
}
