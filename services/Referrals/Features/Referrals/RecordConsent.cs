using BuildingBlocks.Auth;
using FluentValidation;
using Mediator;
using ReferralsService.Data;
using ReferralsService.Domain;

namespace ReferralsService.Features.Referrals;

/// <summary>The referrer records (or updates) the person's consent and its scope.</summary>
public static class RecordConsent
{
    public sealed record Command(Guid Id, ConsentInput Consent) : ICommand<CreateReferral.Result>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock) =>
            RuleFor(c => c.Consent).NotNull().SetValidator(new ConsentValidator(clock));
    }

    internal sealed class Handler(ReferralsDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command, CreateReferral.Result>
    {
        public async ValueTask<CreateReferral.Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var (referral, party) = await db.LoadFor(command.Id, user, cancellationToken);
            var now = clock.GetUtcNow();
            referral.RecordConsent(command.Consent.ToConsent(user.Id, now), party);
            db.Publish(referral.TakeEvents(), now);
            await db.SaveChangesAsync(cancellationToken);
            return new CreateReferral.Result(referral.Id, referral.Status);
        }
    }

    internal static async Task<IResult> Endpoint(Guid id, ConsentInput consent, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(id, consent), cancellationToken));
}
