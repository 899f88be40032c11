using FeedbackService.Data;
using FeedbackService.Notifications;
using FluentValidation;
using Mediator;

namespace FeedbackService.Features.AccountMessages;

/// <summary>
/// The portal asks for an email about a person's account (confirm an address, reset a password, an invitation, a
/// decision). Queued as one email notification and sent by the delivery worker through the configured email channel,
/// like every other message. Only the portal's service principal may ask: a person could otherwise have any text
/// mailed to any address in the service's name. The address and text are never logged.
/// </summary>
public static class SendAccountMessage
{
    /// <param name="MessageId">Chosen by the portal, so a retried request never queues a second email.</param>
    public sealed record Command(Guid MessageId, string? To, string? Subject, string? Body) : ICommand<Result>;

    public sealed record Result(Guid MessageId);

    public const string Template = "account-message";

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.MessageId).NotEmpty();
            RuleFor(c => c.To).NotEmpty().MaximumLength(320).EmailAddress();
            RuleFor(c => c.Subject).NotEmpty().MaximumLength(200);
            RuleFor(c => c.Body).NotEmpty().MaximumLength(4000);
        }
    }

    internal sealed class Handler(FeedbackDb db, Notifier notifier) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            await notifier.ToEmailAddress($"account-message:{command.MessageId}", command.To!.Trim(),
                new Message(Template, null, command.Subject!, command.Body!), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return new Result(command.MessageId);
        }
    }

    internal static async Task<IResult> Endpoint(Command command, Sender mediator, CancellationToken cancellationToken) =>
        Results.Accepted(value: await mediator.Send(command, cancellationToken));
}
