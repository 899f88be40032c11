using BuildingBlocks.Auth;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReferralsService.Data;
using ReferralsService.Domain;
using ReferralsService.Features.Referrals;

namespace ReferralsService.Features.Transitions;

/// <summary>
/// Every lifecycle route (/request, /accept, /reject, /start, /hold, /complete, /fail, /cancel, /entered-in-error):
/// load the referral for the caller's side, let the domain decide (403 wrong side, 409 wrong state), publish, save.
/// </summary>
public static class ChangeStatus
{
    public sealed record Command(Guid Id, ReferralAction Action, string? Reason = null, string? Note = null) : ICommand<Result>;

    public sealed record Result(Guid Id, ReferralStatus Status, IReadOnlyList<ReferralAction> AllowedTransitions);

    /// <summary>The body of /reject, /fail, /cancel and /entered-in-error.</summary>
    public sealed record ReasonBody(string? Reason, string? Note);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Reason).Must(r => Lifecycle.TryParse<RejectionReason>(r, out _))
                .WithMessage($"'Reason' must be one of: {Names<RejectionReason>()}.")
                .When(c => c.Action == ReferralAction.Reject);
            RuleFor(c => c.Reason).Must(r => Lifecycle.TryParse<FailureReason>(r, out _))
                .WithMessage($"'Reason' must be one of: {Names<FailureReason>()}.")
                .When(c => c.Action == ReferralAction.Fail);
            RuleFor(c => c.Reason).NotEmpty().MaximumLength(2000)
                .When(c => c.Action is ReferralAction.Cancel or ReferralAction.EnteredInError);
            RuleFor(c => c.Note).MaximumLength(2000);
        }

        private static string Names<TEnum>() where TEnum : struct, Enum =>
            string.Join(", ", Enum.GetValues<TEnum>().Select(Lifecycle.Kebab));
    }

    internal sealed class Handler(ReferralsDb db, CurrentUser user, TimeProvider clock, IOptions<ReferralsSettings> settings)
        : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var (referral, party) = await db.LoadFor(command.Id, user, cancellationToken);
            var now = clock.GetUtcNow();
            switch (command.Action)
            {
                case ReferralAction.Request:
                    await EnsureStillReferrable(referral, cancellationToken);
                    referral.Request(party, user.Id, now, settings.Value.ResponseWindow);
                    break;
                case ReferralAction.Accept: referral.Accept(party, user.Id, now); break;
                case ReferralAction.Reject:
                    _ = Lifecycle.TryParse<RejectionReason>(command.Reason, out var rejection); // the validator let only a known reason through
                    referral.Reject(party, rejection, command.Note, user.Id, now);
                    break;
                case ReferralAction.Start: referral.Start(party, user.Id, now); break;
                case ReferralAction.Hold: referral.Hold(party, user.Id, now, command.Note); break;
                case ReferralAction.Complete: referral.Complete(party, user.Id, now); break;
                case ReferralAction.Fail:
                    _ = Lifecycle.TryParse<FailureReason>(command.Reason, out var failure); // the validator let only a known reason through
                    referral.Fail(party, failure, command.Note, user.Id, now);
                    break;
                case ReferralAction.Cancel: referral.Cancel(party, command.Reason ?? "", user.Id, now); break;
                case ReferralAction.EnteredInError: referral.MarkEnteredInError(party, command.Reason ?? "", user.Id, now); break;
            }
            var events = referral.TakeEvents();
            db.Publish(events, now);
            await db.SaveChangesAsync(cancellationToken);
            ReferralMetrics.Committed(events);
            return new Result(referral.Id, referral.Status, referral.AllowedActions(party));
        }

        // A draft may have waited while the service closed, or while someone else referred the same person.
        private async Task EnsureStillReferrable(Referral referral, CancellationToken cancellationToken)
        {
            if (referral.Status != ReferralStatus.Draft) return;
            var service = await db.ReferrableServices.AsNoTracking().SingleOrDefaultAsync(s => s.ServiceId == referral.ServiceId, cancellationToken)
                ?? throw CreateReferral.UnknownService();
            service.EnsureTakesReferral(selfReferral: referral.ReferrerRole == Roles.Resident);
            await db.EnsureNoOpenDuplicate(user, referral.ServiceId, referral.Person, referral.Id, cancellationToken);
        }
    }

    private static async Task<IResult> Send(Command command, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(command, cancellationToken));

    internal static Task<IResult> Request(Guid id, Sender mediator, CancellationToken ct) => Send(new(id, ReferralAction.Request), mediator, ct);
    internal static Task<IResult> Accept(Guid id, Sender mediator, CancellationToken ct) => Send(new(id, ReferralAction.Accept), mediator, ct);
    internal static Task<IResult> Start(Guid id, Sender mediator, CancellationToken ct) => Send(new(id, ReferralAction.Start), mediator, ct);
    internal static Task<IResult> Complete(Guid id, Sender mediator, CancellationToken ct) => Send(new(id, ReferralAction.Complete), mediator, ct);

    internal static Task<IResult> Hold(Guid id, ReasonBody? body, Sender mediator, CancellationToken ct) =>
        Send(new(id, ReferralAction.Hold, null, body?.Note), mediator, ct);
    internal static Task<IResult> Reject(Guid id, ReasonBody body, Sender mediator, CancellationToken ct) =>
        Send(new(id, ReferralAction.Reject, body.Reason, body.Note), mediator, ct);
    internal static Task<IResult> Fail(Guid id, ReasonBody body, Sender mediator, CancellationToken ct) =>
        Send(new(id, ReferralAction.Fail, body.Reason, body.Note), mediator, ct);
    internal static Task<IResult> Cancel(Guid id, ReasonBody body, Sender mediator, CancellationToken ct) =>
        Send(new(id, ReferralAction.Cancel, body.Reason, body.Note), mediator, ct);
    internal static Task<IResult> EnteredInError(Guid id, ReasonBody body, Sender mediator, CancellationToken ct) =>
        Send(new(id, ReferralAction.EnteredInError, body.Reason, body.Note), mediator, ct);
}
