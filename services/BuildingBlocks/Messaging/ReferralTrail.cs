using BuildingBlocks.Persistence;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace BuildingBlocks.Messaging;

/// <summary>
/// One service's part of a referral's trail, for the operators' page: what the service recorded about the referral
/// and the messages it published and consumed, each with where it stands now. The portal asks each service and
/// merges the parts by time. Ids, types, states and times only: never the person's details.
/// </summary>
/// <param name="MessageIds">Messages other services published about the referral: the answer says which of them this service consumed.</param>
public abstract record ReferralTrailQuery(Guid ReferralId, IReadOnlyList<Guid> MessageIds)
{
    public const int MaxMessageIds = 100;
}

/// <param name="Kind">event (a change the service recorded), published, consumed or notification.</param>
/// <param name="What">The event's or message's type, a consumer, a template and channel.</param>
/// <param name="State">Where it stands now: sent, unsent, consumed, delivered, failed, pending...</param>
public sealed record TrailEntry(DateTimeOffset At, string Service, string Kind, string What, string State, Guid? MessageId = null);

public sealed record ReferralTrailPart(string Service, Guid ReferralId, IReadOnlyList<TrailEntry> Entries);

public class ReferralTrailValidator<TQuery> : AbstractValidator<TQuery> where TQuery : ReferralTrailQuery
{
    public ReferralTrailValidator()
    {
        RuleFor(q => q.ReferralId).NotEmpty();
        RuleFor(q => q.MessageIds).Must(ids => ids.Count <= ReferralTrailQuery.MaxMessageIds)
            .WithMessage($"Ask about {ReferralTrailQuery.MaxMessageIds} messages at most");
    }
}

public static class ReferralTrail
{
    public static class Kinds
    {
        public const string Event = "event";
        public const string Published = "published";
        public const string Consumed = "consumed";
        public const string Notification = "notification";
    }

    /// <summary>
    /// The service's outbox rows about the referral (its id in the event, found in the stored JSON: a scan of the
    /// outbox, which an admin's occasional look can afford) and its inbox rows for <see cref="ReferralTrailQuery.MessageIds"/>.
    /// </summary>
    public static async Task<List<TrailEntry>> MessagesAsync(ServiceDbContext db, string service, ReferralTrailQuery query,
        CancellationToken cancellationToken)
    {
        var pattern = $"%\"referralId\":\"{query.ReferralId:D}\"%";
        var published = await db.Outbox.AsNoTracking().Where(m => EF.Functions.Like(m.Body, pattern))
            .Select(m => new { m.MessageId, m.MessageType, m.OccurredAt, m.SentAt, m.Attempts }).ToListAsync(cancellationToken);
        var ids = query.MessageIds.Distinct().ToList();
        var consumed = ids.Count == 0 ? []
            : await db.Inbox.AsNoTracking().Where(m => ids.Contains(m.MessageId)).ToListAsync(cancellationToken);
        return
        [
            .. published.Select(m => new TrailEntry(m.SentAt ?? m.OccurredAt, service, Kinds.Published, m.MessageType.Split('.')[^1],
                m.SentAt is null ? (m.Attempts > 0 ? $"unsent ({m.Attempts} failed attempts)" : "unsent") : "sent", m.MessageId)),
            .. consumed.Select(m => new TrailEntry(m.ProcessedAt, service, Kinds.Consumed, m.Consumer, "consumed", m.MessageId)),
        ];
    }

    public static ReferralTrailPart Part(string service, Guid referralId, IEnumerable<TrailEntry> entries) =>
        new(service, referralId, entries.OrderBy(e => e.At).ToList());
}
