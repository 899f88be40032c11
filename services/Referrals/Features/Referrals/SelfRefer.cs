using BuildingBlocks.Auth;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using ReferralsService.Data;
using ReferralsService.Domain;
using ReferralsService.Features.Transitions;

namespace ReferralsService.Features.Referrals;

/// <summary>A signed-in resident refers themselves to an activity that accepts self-referral; sent at once.</summary>
public static class SelfRefer
{
    public sealed record Command(Guid ServiceId, PersonInput Person, ConsentInput Consent, string? Reason) : ICommand<CreateReferral.Result>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.ServiceId).NotEmpty();
            RuleFor(c => c.Person).NotNull().SetValidator(new PersonValidator(clock));
            RuleFor(c => c.Consent).NotNull().WithMessage("Consent is required for a self-referral.")
                .SetValidator(new ConsentValidator(clock));
            RuleFor(c => c.Reason).MaximumLength(Contracts.Referrals.ReferralLimits.ReasonLength);
        }
    }

    internal sealed class Handler(ReferralsDb db, CurrentUser user, TimeProvider clock, IOptions<ReferralsSettings> settings)
        : ICommandHandler<Command, CreateReferral.Result>
    {
        public async ValueTask<CreateReferral.Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var service = await db.ReferrableServices.FindAsync([command.ServiceId], cancellationToken)
                ?? throw CreateReferral.UnknownService();
            service.EnsureTakesReferral(selfReferral: true);
            var person = command.Person.ToPerson();
            await db.EnsureNoOpenDuplicate(user, service.ServiceId, person, except: null, cancellationToken);

            var now = clock.GetUtcNow();
            var referral = Referral.Draft(Guid.CreateVersion7(), service, user with { Team = null }, person, command.Reason, now);
            referral.RecordConsent(command.Consent.ToConsent(user.Id, now), ReferralParty.Referrer);
            referral.Request(ReferralParty.Referrer, user.Id, now, settings.Value.ResponseWindow);

            db.Referrals.Add(referral);
            var events = referral.TakeEvents();
            db.Publish(events, now);
            await db.SaveChangesAsync(cancellationToken);
            ReferralMetrics.Committed(events);
            return new CreateReferral.Result(referral.Id, referral.Status);
        }
    }

    internal static async Task<IResult> Endpoint(Command command, Sender mediator, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(command, cancellationToken);
        return Results.Created($"/api/referrals/{result.Id}", result);
    }
}
