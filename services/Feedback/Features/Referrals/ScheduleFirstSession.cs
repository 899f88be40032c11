using BuildingBlocks.Auth;
using FeedbackService.Data;
using FeedbackService.Notifications;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;

namespace FeedbackService.Features.Referrals;

/// <summary>
/// Provider staff say when the person's first session is, so the person gets a reminder (on their consented
/// channel) the day before, or by post a few days before (Feedback:LetterReminderDaysBefore), so the letter arrives
/// in time. A changed date schedules a fresh reminder for the new date.
/// </summary>
public static class ScheduleFirstSession
{
    public sealed record Body(DateTimeOffset? StartsAt);

    public sealed record Command(Guid ReferralId, DateTimeOffset? StartsAt) : ICommand<Result>;

    public sealed record Result(DateTimeOffset StartsAt, DateTimeOffset ReminderAt);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock) => RuleFor(c => c.StartsAt).NotNull()
            .Must(at => at > clock.GetUtcNow()).WithMessage("The first session must be in the future.");
    }

    internal sealed class Handler(FeedbackDb db, CurrentUser user, TimeProvider clock, Notifier notifier, IOptions<FeedbackOptions> options)
        : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var referral = await db.GetReferral(command.ReferralId, cancellationToken);
            referral.EnsureProviderStaff(user);
            referral.EnsureAttendable();
            var startsAt = command.StartsAt!.Value.ToUniversalTime();
            referral.ScheduleFirstSession(startsAt);
            var remindAt = referral.PersonContact()?.Channel == Domain.Channels.Letter
                ? startsAt.AddDays(-options.Value.LetterReminderDaysBefore)
                : startsAt.AddHours(-options.Value.ReminderHoursBefore);
            if (remindAt < clock.GetUtcNow()) remindAt = clock.GetUtcNow();
            await notifier.ToPerson($"first-session:{referral.Id}:{startsAt.ToUnixTimeSeconds()}", referral,
                Templates.ReminderForPerson(referral.Id, referral.FirstName, (await db.ActivitiesForPeople([referral.ServiceId], cancellationToken))[referral.ServiceId], startsAt),
                cancellationToken, sendAfter: remindAt);
            await db.SaveChangesAsync(cancellationToken);
            return new Result(startsAt, remindAt);
        }
    }

    internal static async Task<IResult> Endpoint(Guid referralId, Body body, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(referralId, body.StartsAt), cancellationToken));
}
