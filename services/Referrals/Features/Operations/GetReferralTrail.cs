using BuildingBlocks.Auth;
using BuildingBlocks.Messaging;
using BuildingBlocks.Web;
using Mediator;
using Microsoft.EntityFrameworkCore;
using ReferralsService.Data;
using ReferralsService.Domain;

namespace ReferralsService.Features.Operations;

/// <summary>
/// Referrals' part of a referral's trail for the operators' page (admin only): each status change and when, the
/// events it published (sent or not yet), and which of the given messages (Feedback's) it consumed. Statuses, types,
/// ids and times only; audit-logged as a read of the referral.
/// </summary>
public static class GetReferralTrail
{
    public sealed record Query(Guid ReferralId, IReadOnlyList<Guid> MessageIds)
        : ReferralTrailQuery(ReferralId, MessageIds), IQuery<ReferralTrailPart>;

    public sealed class Validator : ReferralTrailValidator<Query>;

    internal sealed class Handler(ReferralsDb db, CurrentUser admin, TimeProvider clock) : IQueryHandler<Query, ReferralTrailPart>
    {
        public async ValueTask<ReferralTrailPart> Handle(Query query, CancellationToken cancellationToken)
        {
            var referral = await db.Referrals.AsNoTracking().SingleOrDefaultAsync(r => r.Id == query.ReferralId, cancellationToken)
                           ?? throw new NotFoundException("Referral", query.ReferralId);
            db.Audit(referral.Id, admin, "operator trail (ids, types and states only)", clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            var entries = await ReferralTrail.MessagesAsync(db, ReferralsModule.ServiceName, query, cancellationToken);
            var timeline = referral.Timeline;
            entries.AddRange(timeline.Select((t, i) => new TrailEntry(t.At, ReferralsModule.ServiceName, ReferralTrail.Kinds.Event,
                t.From is { } from ? $"status {Lifecycle.Kebab(from)} to {Lifecycle.Kebab(t.To)}" : $"status {Lifecycle.Kebab(t.To)}", i == timeline.Count - 1 ? "current status" : "recorded")));
            return ReferralTrail.Part(ReferralsModule.ServiceName, referral.Id, entries);
        }
    }

    internal static async Task<IResult> Endpoint(Guid id, Guid[]? messageId, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(id, messageId ?? []), cancellationToken));
}
