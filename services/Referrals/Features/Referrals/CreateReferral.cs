using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using ReferralsService.Data;
using ReferralsService.Domain;
using ReferralsService.Features.Transitions;

namespace ReferralsService.Features.Referrals;

/// <summary>A practitioner refers a person to a service: saved as a draft, or (submit) requested at once.</summary>
public static class CreateReferral
{
    public sealed record Command(Guid ServiceId, PersonInput Person, ConsentInput? Consent, string? Reason, bool Submit)
        : ICommand<Result>;

    public sealed record Result(Guid Id, ReferralStatus Status);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.ServiceId).NotEmpty();
            RuleFor(c => c.Person).NotNull().SetValidator(new PersonValidator(clock));
            RuleFor(c => c.Consent!).SetValidator(new ConsentValidator(clock)).When(c => c.Consent is not null);
            RuleFor(c => c.Reason).MaximumLength(Contracts.Referrals.ReferralLimits.ReasonLength);
        }
    }

    internal sealed class Handler(ReferralsDb db, CurrentUser user, TimeProvider clock, IOptions<ReferralsSettings> settings)
        : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var service = await db.ReferrableServices.FindAsync([command.ServiceId], cancellationToken)
                ?? throw UnknownService();
            service.EnsureTakesReferral(selfReferral: false);
            var person = command.Person.ToPerson();
            await db.EnsureNoOpenDuplicate(user, service.ServiceId, person, except: null, cancellationToken);

            var now = clock.GetUtcNow();
            var referral = Referral.Draft(Guid.CreateVersion7(), service, user, person, command.Reason, now);
            if (command.Consent is { } consent) referral.RecordConsent(consent.ToConsent(user.Id, now), ReferralParty.Referrer);
            if (command.Submit) referral.Request(ReferralParty.Referrer, user.Id, now, settings.Value.ResponseWindow);

            db.Referrals.Add(referral);
            var events = referral.TakeEvents();
            db.Publish(events, now);
            await db.SaveChangesAsync(cancellationToken);
            ReferralMetrics.Committed(events);
            return new Result(referral.Id, referral.Status);
        }
    }

    internal static RuleViolationException UnknownService() =>
        new("The service is not one that can be referred to.",
            new Dictionary<string, string[]> { ["serviceId"] = ["No referrable service has this id."] });

    internal static async Task<IResult> Endpoint(Command command, Sender mediator, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(command, cancellationToken);
        return Results.Created($"/api/referrals/{result.Id}", result);
    }
}
