using BuildingBlocks.Auth;
using FeedbackService.Data;
using FeedbackService.Domain;
using FeedbackService.Notifications;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;

namespace FeedbackService.Features.Webhooks;

/// <summary>
/// A practitioner (or admin) registers a receiver for their notifications, e.g. their GP system. Add "webhook"
/// to the preferences' channels to switch it on. Only https to a public host (see <see cref="WebhookDestination"/>).
/// </summary>
public static class CreateWebhook
{
    public sealed record Command(string? Url, string? Secret, IReadOnlyList<string>? Events) : ICommand<Result>;

    public sealed record Result(Guid Id, string Url, IReadOnlyList<string> Events);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IOptions<FeedbackOptions> options)
        {
            RuleFor(c => c.Url).Cascade(CascadeMode.Stop).NotEmpty().MaximumLength(1000)
                .Custom((url, context) =>
                {
                    if (WebhookDestination.Problem(url, options.Value.Webhooks) is { } problem) context.AddFailure(problem);
                });
            RuleFor(c => c.Secret).NotEmpty().MinimumLength(16).MaximumLength(200)
                .WithMessage("Secret must be 16 to 200 characters: it signs every request.");
            RuleForEach(c => c.Events).NotEmpty().MaximumLength(60);
        }
    }

    internal sealed class Handler(FeedbackDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var subscription = db.Webhooks.Add(new WebhookSubscription(user.Id, command.Url!, command.Secret!,
                command.Events is { Count: > 0 } events ? events : ["*"], clock.GetUtcNow())).Entity;
            await db.SaveChangesAsync(cancellationToken);
            return new Result(subscription.Id, subscription.Url, subscription.Events);
        }
    }

    internal static async Task<IResult> Endpoint(Command command, Sender mediator, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(command, cancellationToken);
        return Results.Created($"/api/feedback/webhooks/{result.Id}", result);
    }
}
