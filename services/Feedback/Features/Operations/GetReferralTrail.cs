using BuildingBlocks.Auth;
using BuildingBlocks.Messaging;
using FeedbackService.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace FeedbackService.Features.Operations;

/// <summary>
/// Feedback's part of a referral's trail for the operators' page (admin only): the referral as Feedback last heard of
/// it, attendance recorded, every notification about it per channel and where it stands (pending, sent, failed,
/// cancelled), the events it published and which of the given messages (Referrals') it consumed. A referral Feedback
/// has never heard of is a 404, which on the page reads "Feedback has no record of it". No addresses, subjects or
/// wording: template, channel, recipient kind, state. Audit-logged as a read of the referral.
/// </summary>
public static class GetReferralTrail
{
    public sealed record Query(Guid ReferralId, IReadOnlyList<Guid> MessageIds)
        : ReferralTrailQuery(ReferralId, MessageIds), IQuery<ReferralTrailPart>;

    public sealed class Validator : ReferralTrailValidator<Query>;

    internal sealed class Handler(FeedbackDb db, CurrentUser admin, TimeProvider clock) : IQueryHandler<Query, ReferralTrailPart>
    {
        private const string Service = FeedbackModule.ServiceName;

        public async ValueTask<ReferralTrailPart> Handle(Query query, CancellationToken cancellationToken)
        {
            var referral = await db.GetReferral(query.ReferralId, cancellationToken);
            db.Audit(admin, "read", referral, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);

            var entries = await ReferralTrail.MessagesAsync(db, Service, query, cancellationToken);
            entries.Add(new TrailEntry(referral.StatusChangedAt, Service, ReferralTrail.Kinds.Event, $"status {referral.Status}", "as Feedback knows it"));
            entries.AddRange(await db.Attendance.AsNoTracking().Where(a => a.ReferralId == referral.Id)
                .Select(a => new TrailEntry(a.RecordedAt, Service, ReferralTrail.Kinds.Event, "attendance " + a.Status, "recorded", null))
                .ToListAsync(cancellationToken));
            var notifications = await db.Notifications.AsNoTracking().Where(n => n.ReferralId == referral.Id)
                .Select(n => new { n.Template, n.Channel, n.Recipient, n.Status, n.Attempts, n.CreatedAt, n.SentAt })
                .ToListAsync(cancellationToken);
            entries.AddRange(notifications.Select(n => new TrailEntry(n.SentAt ?? n.CreatedAt, Service, ReferralTrail.Kinds.Notification,
                $"{n.Template} by {n.Channel} to {RecipientKind(n.Recipient)}",
                n.Attempts > 1 ? $"{n.Status} after {n.Attempts} attempts" : n.Status)));
            return ReferralTrail.Part(Service, referral.Id, entries);
        }

        /// <summary>Who, as a kind: the person, an organisation's inbox, a team, a role, or a user account.</summary>
        private static string RecipientKind(string recipient) => recipient.Split(':') switch
        {
            ["person", _] => "the person",
            ["org", _] => "the organisation",
            ["team", _] => "the team",
            ["role", var role] => role,
            _ => "a user",
        };
    }

    internal static async Task<IResult> Endpoint(Guid referralId, Guid[]? messageId, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(referralId, messageId ?? []), cancellationToken));
}
