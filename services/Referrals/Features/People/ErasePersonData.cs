using BuildingBlocks.Auth;
using BuildingBlocks.Validation;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using ReferralsService.Data;
using ReferralsService.Jobs;

namespace ReferralsService.Features.People;

/// <summary>
/// The person asked to be forgotten: every referral of theirs is anonymised (an open one is cancelled first, so the
/// provider and referrer are told), keeping its shape for counts. ReferralAnonymised tells Feedback to forget its part.
/// The request's reference (a ticket number, not a reason about the person) goes in the audit log.
/// </summary>
public static class ErasePersonData
{
    public sealed record Body(PersonIdentity Person, string RequestReference);

    public sealed record Command(PersonIdentity Person, string RequestReference) : ICommand<Result>;

    public sealed record Result(IReadOnlyList<Guid> ErasedReferralIds);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Person).NotNull().SetValidator(new PersonIdentityValidator());
            RuleFor(c => c.RequestReference).NotEmpty().MaximumLength(100).MustBePlainText();
        }
    }

    internal sealed class Handler(ReferralsDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var referrals = await db.Referrals.Where(command.Person.Matches()).ToListAsync(cancellationToken);
            var now = clock.GetUtcNow();
            foreach (var referral in referrals)
            {
                referral.EraseOnRequest(user.Id, now);
                db.Audit(referral.Id, user, $"erased on the person's request ({command.RequestReference.Trim()})", now, action: "erase");
            }
            await RetentionSweep.AnonymiseMessages(db, referrals, cancellationToken);
            foreach (var referral in referrals) db.Publish(referral.TakeEvents(), now);
            await db.SaveChangesAsync(cancellationToken);
            return new Result(referrals.Select(r => r.Id).ToList());
        }
    }

    internal static async Task<IResult> Endpoint(Body body, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(body.Person, body.RequestReference), cancellationToken));
}
