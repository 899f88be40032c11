using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using FeedbackService.Data;
using FeedbackService.Domain;
using FluentValidation;
using Mediator;

namespace FeedbackService.Features.Deliveries;

/// <summary>
/// An admin settles an unconfirmed message (a send begun and never recorded), having checked with the provider (whose
/// reference is the notification id): it went ("sent"), or it did not and goes now ("resend"). Only an unconfirmed
/// message can be settled (409 otherwise); a resend goes as the person's consent now stands, since a withdrawal
/// cancels unconfirmed messages too.
/// </summary>
public static class ResolveUnconfirmed
{
    public const string Sent = "sent", Resend = "resend";

    public sealed record Body(string? Outcome);

    public sealed record Command(Guid Id, string? Outcome) : ICommand<Result>;

    public sealed record Result(Guid Id, string Status);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() =>
            RuleFor(c => c.Outcome).NotEmpty().Must(o => o is Sent or Resend).WithMessage($"Outcome must be {Sent} or {Resend}.");
    }

    internal sealed class Handler(FeedbackDb db, CurrentUser user, TimeProvider clock, ILogger<Command> logger) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var notification = await db.Notifications.FindAsync([command.Id], cancellationToken)
                               ?? throw new NotFoundException("Delivery", command.Id);
            notification.ResolveUnconfirmed(command.Outcome == Sent, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            if (logger.IsEnabled(LogLevel.Information))
                logger.LogInformation("Unconfirmed notification {Id} settled as {Outcome} by {UserId}", notification.Id, command.Outcome, user.Id);
            return new Result(notification.Id, notification.Status);
        }
    }

    internal static async Task<IResult> Endpoint(Guid id, Body body, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(id, body.Outcome), cancellationToken));
}
