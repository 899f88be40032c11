using BuildingBlocks.Auth;
using FeedbackService.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace FeedbackService.Features.Attendance;

/// <summary>Every recorded session of a referral, newest first: the provider, or the referrer where consented.</summary>
public static class GetAttendance
{
    public sealed record Query(Guid ReferralId) : IQuery<IReadOnlyList<Session>>;

    public sealed record Session(Guid Id, DateOnly SessionDate, string Status, DateTimeOffset RecordedAt);

    internal sealed class Handler(FeedbackDb db, CurrentUser user, TimeProvider clock) : IQueryHandler<Query, IReadOnlyList<Session>>
    {
        public async ValueTask<IReadOnlyList<Session>> Handle(Query query, CancellationToken cancellationToken)
        {
            var referral = await db.GetReferral(query.ReferralId, cancellationToken);
            referral.EnsureMayReadSummary(user);
            db.Audit(user, "read-attendance", referral, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            return await db.Attendance.AsNoTracking().Where(a => a.ReferralId == referral.Id)
                .OrderByDescending(a => a.SessionDate)
                .Select(a => new Session(a.Id, a.SessionDate, a.Status, a.RecordedAt))
                .ToListAsync(cancellationToken);
        }
    }

    internal static async Task<IResult> Endpoint(Guid referralId, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(referralId), cancellationToken));
}
