using BuildingBlocks.Auth;
using FeedbackService.Data;
using FeedbackService.Domain;
using FeedbackService.Notifications;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FeedbackService.Features.Referrals;

/// <summary>
/// Attendance counts, last attended and the wellbeing change for one referral: for the receiving provider, and for
/// the referrer's side only where the person agreed to share attendance and outcomes (403 otherwise; 404 to anyone
/// else, as for an unknown one), with what the caller may record now.
/// </summary>
public static class GetReferralSummary
{
    public sealed record Query(Guid ReferralId) : IQuery<Result>;

    public sealed record Result(Guid ReferralId, string Status, AttendanceSummary Attendance, Scores? Baseline, Scores? FollowUp,
        OutcomeChange? Change, DateTimeOffset? FollowUpDue, IReadOnlyList<string> AllowedActions);

    public sealed record AttendanceSummary(int Attended, int DidNotAttend, int Cancelled, DateOnly? LastAttended, int ConsecutiveNoShows);

    public sealed record Scores(Ons4 Ons4, Loneliness Loneliness, int LonelinessTotal, string EnteredBy, DateTimeOffset RecordedAt)
    {
        public static Scores? From(OutcomeMeasure? o) =>
            o is null ? null : new(o.Ons4, o.Loneliness, o.Loneliness.Total, o.EnteredBy, o.RecordedAt);
    }

    internal sealed class Handler(FeedbackDb db, CurrentUser user, TimeProvider clock, IOptions<FeedbackOptions> options)
        : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var referral = await db.GetReferral(query.ReferralId, cancellationToken);
            referral.EnsureMayReadSummary(user);
            db.Audit(user, "read-summary", referral, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);

            var history = new AttendanceHistory(await db.Attendance.AsNoTracking().Where(a => a.ReferralId == referral.Id).ToListAsync(cancellationToken));
            var outcomes = await db.Outcomes.AsNoTracking().Where(o => o.ReferralId == referral.Id).ToListAsync(cancellationToken);
            var baseline = outcomes.FirstOrDefault(o => o.Stage == OutcomeStage.Baseline);
            var followUp = outcomes.FirstOrDefault(o => o.Stage == OutcomeStage.FollowUp);
            return new Result(referral.Id, referral.Status,
                new AttendanceSummary(history.Attended, history.DidNotAttend, history.Cancelled, history.LastAttended, history.ConsecutiveNoShows),
                Scores.From(baseline), Scores.From(followUp), OutcomeChange.Between(baseline, followUp),
                referral.FollowUpDue(options.Value.FollowUpWeeks), referral.ActionsFor(user, outcomes.Count));
        }
    }

    internal static async Task<IResult> Endpoint(Guid referralId, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(referralId), cancellationToken));
}
