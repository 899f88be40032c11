using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using FeedbackService.Data;
using FeedbackService.Domain;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace FeedbackService.Features.Activities;

/// <summary>
/// The feedback part of a listing's history (the listing's own changes are Directory's): each curator's decision on its
/// resident feedback (who, when, and why a piece was withheld) and each reply of its organisation, newest first. For a
/// curator or the listing's own staff.
/// </summary>
public static class GetFeedbackHistory
{
    public sealed record Query(Guid ServiceId) : IQuery<IReadOnlyList<Entry>>;

    /// <param name="Action">published, withheld or replied.</param>
    public sealed record Entry(Guid FeedbackId, string Action, string By, DateTimeOffset At, string? Why);

    internal sealed class Handler(FeedbackDb db, CurrentUser user) : IQueryHandler<Query, IReadOnlyList<Entry>>
    {
        public async ValueTask<IReadOnlyList<Entry>> Handle(Query query, CancellationToken cancellationToken)
        {
            var activity = await db.Activities.AsNoTracking().SingleOrDefaultAsync(a => a.ServiceId == query.ServiceId, cancellationToken)
                           ?? throw new NotFoundException("Activity", query.ServiceId);
            if (!user.IsCurator() && !user.IsStaffOf(activity.OrganisationId))
                throw new ForbiddenException("Only the organisation's own staff or a curator can see a listing's history.");
            var decided = await db.ResidentFeedback.AsNoTracking()
                .Where(f => f.ServiceId == query.ServiceId && f.Status != ModerationStatus.Pending)
                .Select(f => new { f.Id, f.Status, f.ModeratedBy, f.ModeratedAt, f.ModerationReason, f.RepliedBy, f.RepliedAt })
                .ToListAsync(cancellationToken);
            var entries = decided.Select(f => new Entry(f.Id, f.Status == ModerationStatus.Approved ? "published" : "withheld",
                    f.ModeratedBy ?? "", f.ModeratedAt ?? default, f.ModerationReason))
                .Concat(decided.Where(f => f.RepliedAt is not null).Select(f => new Entry(f.Id, "replied", f.RepliedBy ?? "", f.RepliedAt!.Value, null)));
            return [.. entries.OrderByDescending(e => e.At).Take(500)];
        }
    }

    internal static async Task<IResult> Endpoint(Guid serviceId, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(serviceId), cancellationToken));
}
