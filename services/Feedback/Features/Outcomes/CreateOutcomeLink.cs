using BuildingBlocks.Auth;
using FeedbackService.Data;
using FeedbackService.Domain;
using FeedbackService.Notifications;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;

namespace FeedbackService.Features.Outcomes;

/// <summary>Provider staff make a one-time link for the person to answer the questions themselves.</summary>
public static class CreateOutcomeLink
{
    public sealed record Body(string? Stage);

    public sealed record Command(Guid ReferralId, string? Stage) : ICommand<Result>;

    /// <summary>The token is shown once; only its hash is kept.</summary>
    public sealed record Result(string Token, string Path, DateTimeOffset ExpiresAt);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Stage).NotEmpty().Must(s => OutcomeStage.All.Contains(s))
            .WithMessage("Stage must be baseline or follow-up.");
    }

    internal sealed class Handler(FeedbackDb db, CurrentUser user, TimeProvider clock, IOptions<FeedbackOptions> options)
        : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var referral = await db.GetReferral(command.ReferralId, cancellationToken);
            referral.EnsureProviderStaff(user);
            referral.EnsureMeasurable();
            var (link, token) = OutcomeLink.Create(referral.Id, command.Stage!, user.Id, clock.GetUtcNow(),
                TimeSpan.FromDays(options.Value.OutcomeLinkDays));
            db.OutcomeLinks.Add(link);
            await db.SaveChangesAsync(cancellationToken);
            return new Result(token, $"/api/feedback/outcome-links/{token}", link.ExpiresAt);
        }
    }

    internal static async Task<IResult> Endpoint(Guid referralId, Body body, Sender mediator, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new Command(referralId, body.Stage), cancellationToken);
        return Results.Created(result.Path, result);
    }
}
