using BuildingBlocks.Messaging;
using BuildingBlocks.Persistence;
using BuildingBlocks.Privacy;
using Contracts.Directory;
using Contracts.Feedback;
using Contracts.Referrals;
using FeedbackService.Data;

namespace FeedbackService.Insights;

// Insight's own consumers, on their own queues (feedback-insight-...), apart from the notifying ones: each is an inbox
// consumer (a redelivery of the same MessageId is skipped) and each applies its event to rows keyed on what the event
// is about, earliest or newest time winning, so the same fact sent twice under two MessageIds, or events out of order,
// still leave one row saying the same. A referral's status changes are not among them: the referral status consumer
// (Consumers/ReferralConsumers.cs) applies each to insight's row in its own transaction, so each change is delivered
// to Feedback once; nor are Feedback's own attendance and outcomes, applied where they are recorded (InsightOwnFacts).

public sealed class InsightServiceListedConsumer(FeedbackDb db, TimeProvider clock) : InboxConsumer<ServiceListed, FeedbackDb>(db, clock)
{
    protected override async Task Handle(ServiceListed m, CancellationToken ct) =>
        (await Db.FindOrAddAsync(m.ServiceId, id => new InsightActivity(id), ct))
            .Apply(m.Name, m.AcceptingReferrals, m.Wards, m.TaxonomyTerms, m.OccurredAt, m.OrganisationName, m.Supply);
}

public sealed class InsightServiceUpdatedConsumer(FeedbackDb db, TimeProvider clock) : InboxConsumer<ServiceUpdated, FeedbackDb>(db, clock)
{
    protected override async Task Handle(ServiceUpdated m, CancellationToken ct) =>
        (await Db.FindOrAddAsync(m.ServiceId, id => new InsightActivity(id), ct))
            .Apply(m.Name, m.AcceptingReferrals, m.Wards, m.TaxonomyTerms, m.OccurredAt, m.OrganisationName, m.Supply);
}

public sealed class InsightServiceCapacityChangedConsumer(FeedbackDb db, TimeProvider clock)
    : InboxConsumer<ServiceCapacityChanged, FeedbackDb>(db, clock)
{
    protected override async Task Handle(ServiceCapacityChanged m, CancellationToken ct) =>
        (await Db.FindOrAddAsync(m.ServiceId, id => new InsightActivity(id), ct)).Accepting(m.AcceptingReferrals, m.Spaces, m.OccurredAt);
}

public sealed class InsightServiceRemovedConsumer(FeedbackDb db, TimeProvider clock) : InboxConsumer<ServiceRemoved, FeedbackDb>(db, clock)
{
    protected override async Task Handle(ServiceRemoved m, CancellationToken ct) =>
        (await Db.FindOrAddAsync(m.ServiceId, id => new InsightActivity(id), ct)).Remove(m.OccurredAt);
}

/// <summary>A search, keyed on its SearchId; its unmatched words are screened again here (defence in depth).</summary>
public sealed class InsightSearchPerformedConsumer(FeedbackDb db, TimeProvider clock) : InboxConsumer<SearchPerformed, FeedbackDb>(db, clock)
{
    protected override async Task Handle(SearchPerformed m, CancellationToken ct)
    {
        if (await Db.Set<InsightSearch>().FindAsync([m.SearchId], ct) is not null) return;
        Db.Add(new InsightSearch(m, SearchWordScreen.Screen(null, m.UnmatchedWords)));
    }
}

/// <summary>
/// "Tell the hub" after a miss: the search is marked as told, once however often it is reported. The search's own
/// event is published first from the same outbox, so it is normally here already; if not, the retries wait for it.
/// </summary>
public sealed class InsightSearchGapReportedConsumer(FeedbackDb db, TimeProvider clock) : InboxConsumer<SearchGapReported, FeedbackDb>(db, clock)
{
    protected override async Task Handle(SearchGapReported m, CancellationToken ct) =>
        (await Db.Set<InsightSearch>().FindAsync([m.SearchId], ct)
         ?? throw new InvalidOperationException($"Search {m.SearchId} reported as a gap has not been seen yet.")).Told();
}
