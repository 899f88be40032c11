using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using Contracts.Feedback;
using FeedbackService.Data;
using FeedbackService.Domain;
using FeedbackService.Insights;
using FeedbackService.Notifications;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FeedbackService.Features.Attendance;

/// <summary>Provider staff record whether the person came to a session; the first attendance starts the referral.</summary>
public static class RecordAttendance
{
    public sealed record Body(DateOnly? SessionDate, string? Status);

    public sealed record Command(Guid ReferralId, DateOnly? SessionDate, string? Status) : ICommand<Result>;

    public sealed record Result(Guid Id, bool IsFirstAttendance, int ConsecutiveNoShows);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            // Which days are possible depends on the referral (made when, and today in the UK): the domain's rule
            // (Referral.EnsureSessionHappened), a 422 like the other rules.
            RuleFor(c => c.SessionDate).NotNull();
            RuleFor(c => c.Status).NotEmpty().Must(s => AttendanceStatus.All.Contains(s))
                .WithMessage($"Status must be one of: {string.Join(", ", AttendanceStatus.All)}.");
        }
    }

    internal sealed class Handler(FeedbackDb db, CurrentUser user, TimeProvider clock, Notifier notifier, IOptions<FeedbackOptions> options)
        : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var referral = await db.GetReferral(command.ReferralId, cancellationToken);
            referral.EnsureProviderStaff(user);
            referral.EnsureAttendable();
            var now = clock.GetUtcNow();
            referral.EnsureSessionHappened(command.SessionDate!.Value, now);
            var sessions = await db.Attendance.Where(a => a.ReferralId == referral.Id).ToListAsync(cancellationToken);
            if (sessions.Any(s => s.SessionDate == command.SessionDate))
                throw new ConflictException($"Attendance for {command.SessionDate:yyyy-MM-dd} is already recorded.");

            var record = db.Attendance.Add(new AttendanceRecord(referral.Id, command.SessionDate!.Value, command.Status!, user.Id, now)).Entity;
            var history = new AttendanceHistory([.. sessions, record]);
            var first = history.IsFirstAttendance(record);
            db.Publish(new AttendanceRecorded(referral.Id, referral.ServiceId, record.SessionDate, record.Status, first,
                history.ConsecutiveNoShows, user.Id, now), now);
            await InsightOwnFacts.SessionRecorded(db, referral.Id, referral.ServiceId, record.SessionDate, record.Status, now, cancellationToken);

            var source = $"attendance:{record.Id}";
            var activity = await db.ActivityName(referral.ServiceId, cancellationToken);
            if (first && referral.ShareOutcomesWithReferrer)
                await notifier.ToUser(source, referral.ReferrerId, Templates.FirstAttendance(referral.Id, activity, record.SessionDate), cancellationToken);
            if (history.ShouldPromptAboutNoShows(record, options.Value.NoShowPromptAfter))
            {
                await notifier.ToOrganisation(source, referral.ProviderOrganisationId,
                    Templates.NoShowsForProvider(referral.Id, activity, history.ConsecutiveNoShows), cancellationToken);
                if (referral.ShareOutcomesWithReferrer)
                    await notifier.ToUser(source, referral.ReferrerId,
                        Templates.NoShowsForReferrer(referral.Id, activity, history.ConsecutiveNoShows), cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            return new Result(record.Id, first, history.ConsecutiveNoShows);
        }
    }

    internal static async Task<IResult> Endpoint(Guid referralId, Body body, Sender mediator, CancellationToken cancellationToken)
    {
        var result = await mediator.Send(new Command(referralId, body.SessionDate, body.Status), cancellationToken);
        return Results.Created($"/api/feedback/referrals/{referralId}/attendance", result);
    }
}
