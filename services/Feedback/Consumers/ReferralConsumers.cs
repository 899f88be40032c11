using BuildingBlocks.Messaging;
using Contracts.Referrals;
using FeedbackService.Data;
using FeedbackService.Domain;
using BuildingBlocks.Persistence;
using FeedbackService.Insights;
using FeedbackService.Notifications;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FeedbackService.Consumers;

/// <summary>
/// Keeps the referral read model (and insight's referral row) and tells people: the referrer of each change (of attendance and outcomes only with
/// the person's consent), the provider's inbox of a new referral, the person a confirmation on acceptance, and
/// schedules the provider's follow-up prompt. The busiest queue (every referral's every move), so consumed in batches:
/// the batch's referrals are locked and read together, and applied oldest event first, so that a referral's events
/// in one batch apply in the order they happened.
/// </summary>
public sealed class ReferralStatusChangedConsumer(FeedbackDb db, TimeProvider clock, Notifier notifier, IOptions<FeedbackOptions> options)
    : NotifyingBatchConsumer<ReferralStatusChanged>(db, clock, notifier)
{
    protected override IEnumerable<string> UsersTold(IEnumerable<ReferralStatusChanged> messages) => messages.Select(m => m.ReferrerId);

    protected override async Task Apply(IReadOnlyList<Consumed<ReferralStatusChanged>> messages, CancellationToken cancellationToken)
    {
        var referrals = await Db.FindOrAddReferrals(messages.Select(m => m.Message.ReferralId), cancellationToken);
        // Insight's row of each referral moves in the same transaction: one delivery per status change, not a second
        // on a queue of its own (at 40 referrals a second that queue was the deepest, and a third of Feedback's inbox work).
        var insight = await Db.FindOrAddAllAsync(messages.Select(m => m.Message.ReferralId), id => new InsightReferral(id), cancellationToken);
        foreach (var (_, message) in messages) insight[message.ReferralId].Apply(message);
        var activities = await Db.ActivitiesForPeople(messages.Select(m => m.Message.ServiceId), cancellationToken);
        var now = Clock.GetUtcNow();
        var subscriptions = (await Db.Webhooks.AsNoTracking()
                .Where(w => w.Fhir != null && (w.Fhir.Status == TaskSubscription.Requested || w.Fhir.Status == TaskSubscription.Active))
                .ToListAsync(cancellationToken))
            .Where(w => w.Fhir!.Notifies(now)).Select(w => (Webhook: w, Criteria: w.Fhir!.ParsedCriteria)).ToList();
        foreach (var (messageId, message) in messages.OrderBy(m => m.Message.OccurredAt))
            await Apply(messageId.ToString(), message, referrals[message.ReferralId], activities[message.ServiceId], subscriptions, cancellationToken);
    }

    private async Task Apply(string source, ReferralStatusChanged message, Referral referral, ActivityForPerson activityForPerson,
        List<(WebhookSubscription Webhook, TaskCriteria Criteria)> subscriptions, CancellationToken cancellationToken)
    {
        var current = referral.Apply(message);
        var activity = activityForPerson.Name;

        // FHIR Subscriptions on Task: the Task moved (a late event moves nothing), to each one whose search finds it now
        // and whose owner may read it.
        if (current)
            foreach (var (webhook, criteria) in subscriptions.Where(s => s.Criteria.Matches(referral) && s.Webhook.Fhir!.OwnerMayRead(s.Webhook.OwnerId, referral)))
                await Notifier.ToFhirSubscription(source, webhook, Templates.FhirTaskChanged(referral.Id), cancellationToken);

        if (referral.ReferrerMayHearOf(message.ToStatus))
        {
            var news = Templates.StatusChangedForReferrer(message.ReferralId, message.ToStatus, activity, message.Reason);
            await Notifier.ToUser(source, message.ReferrerId, news, cancellationToken);
            await Notifier.ToReferrerTeam(source, message.ReferrerTeam, message.TellReferrerTeam, news, cancellationToken);
        }

        switch (message.ToStatus)
        {
            // A late "requested" (the referral has moved on) is not news to the provider any more.
            case ReferralStatuses.Requested when current:
                await Notifier.ToOrganisation(source, message.ProviderOrganisationId,
                    Templates.NewReferralForProvider(message.ReferralId, activity), cancellationToken);
                break;
            case ReferralStatuses.Accepted:
                // Keyed on the referral, not the event: the consent event may come later and send it instead.
                await Notifier.ToPerson(PersonSource(referral.Id), referral,
                    Templates.AcceptedForPerson(referral.Id, referral.FirstName, activityForPerson), cancellationToken);
                await Notifier.ToOrganisation($"follow-up:{referral.Id}", message.ProviderOrganisationId,
                    Templates.FollowUpDueForProvider(referral.Id, activity), cancellationToken,
                    sendAfter: referral.FollowUpDue(options.Value.FollowUpWeeks));
                break;
        }
    }

    internal static string PersonSource(Guid referralId) => $"accepted:{referralId}";
}

/// <summary>
/// Holds the person's consent as it now stands. A withdrawal takes effect here at once: the withdrawn channel's
/// address is forgotten and unsent messages it no longer covers are cancelled. A newly consented channel after
/// acceptance gets the acceptance message, once. Every referral request sends one, so consumed in batches like the
/// status queue: the batch's referrals are locked and read together, and its events applied oldest first, so that of
/// two changes to one referral the later one stands whichever the broker handed over first (the read model also
/// refuses a consent older than the one it holds, which orders changes split across batches).
/// </summary>
public sealed class ReferralConsentChangedConsumer(FeedbackDb db, TimeProvider clock, Notifier notifier)
    : NotifyingBatchConsumer<ReferralConsentChanged>(db, clock, notifier)
{
    // Consent changes tell only the person, never a signed-in user.
    protected override IEnumerable<string> UsersTold(IEnumerable<ReferralConsentChanged> messages) => [];

    protected override async Task Apply(IReadOnlyList<Consumed<ReferralConsentChanged>> messages, CancellationToken cancellationToken)
    {
        var referrals = await Db.FindOrAddReferrals(messages.Select(m => m.Message.ReferralId), cancellationToken);
        // Only an accepted referral's person is sent anything; most consent events come before acceptance.
        var accepted = referrals.Values.Where(r => r.AcceptedAt is not null).Select(r => r.ServiceId).ToList();
        Dictionary<Guid, ActivityForPerson> activities = accepted.Count > 0 ? await Db.ActivitiesForPeople(accepted, cancellationToken) : [];
        foreach (var (_, message) in messages.OrderBy(m => m.Message.OccurredAt))
        {
            var referral = referrals[message.ReferralId];
            var (email, phone, address) = (referral.ContactEmail, referral.ContactPhone, referral.ContactAddress);
            if (!referral.ApplyConsent(message, out var withdrawnChannels)) continue;
            // Only a held address that another replaced can have messages waiting for it.
            var addressReplaced = Replaced(email, referral.ContactEmail) || Replaced(phone, referral.ContactPhone)
                                  || Replaced(address, referral.ContactAddress);
            await Notifier.KeepPendingInLineWithConsent(referral, withdrawnChannels, addressReplaced, cancellationToken);
            if (referral.AcceptedAt is not null)
                await Notifier.ToPerson(ReferralStatusChangedConsumer.PersonSource(referral.Id), referral,
                    Templates.AcceptedForPerson(referral.Id, referral.FirstName, activities[referral.ServiceId]), cancellationToken);
        }
    }

    private static bool Replaced(string? held, string? now) => held is not null && now is not null && held != now;
}

public sealed class ReferralResponseDueConsumer(FeedbackDb db, TimeProvider clock, Notifier notifier)
    : NotifyingConsumer<ReferralResponseDue>(db, clock)
{
    protected override async Task Handle(ReferralResponseDue message, CancellationToken cancellationToken) =>
        await notifier.ToOrganisation(Source, message.ProviderOrganisationId,
            Templates.ResponseDueForProvider(message.ReferralId, await Db.ActivityName(message.ServiceId, cancellationToken), message.DueAt),
            cancellationToken);
}

public sealed class ReferralEscalatedConsumer(FeedbackDb db, TimeProvider clock, Notifier notifier)
    : NotifyingConsumer<ReferralEscalated>(db, clock)
{
    protected override async Task Handle(ReferralEscalated message, CancellationToken cancellationToken)
    {
        var text = Templates.Escalated(message.ReferralId, await Db.ActivityName(message.ServiceId, cancellationToken), message.DaysWaiting);
        var source = Source;
        await notifier.ToCurators(source, text, cancellationToken);
        await notifier.ToUser(source, message.ReferrerId, text, cancellationToken);
    }
}

public sealed class ReferralServiceUnavailableConsumer(FeedbackDb db, TimeProvider clock, Notifier notifier)
    : NotifyingConsumer<ReferralServiceUnavailable>(db, clock)
{
    protected override async Task Handle(ReferralServiceUnavailable message, CancellationToken cancellationToken) =>
        await notifier.ToUser(Source, message.ReferrerId,
            Templates.ServiceUnavailable(message.ReferralId, await Db.ActivityName(message.ServiceId, cancellationToken), message.Note, message.Alternative),
            cancellationToken);
}

/// <summary>Tells the other side of the thread that there is a message (never its text: they read it in Referrals).</summary>
public sealed class ReferralMessagePostedConsumer(FeedbackDb db, TimeProvider clock, Notifier notifier)
    : NotifyingConsumer<ReferralMessagePosted>(db, clock)
{
    protected override async Task Handle(ReferralMessagePosted message, CancellationToken cancellationToken)
    {
        var text = Templates.MessagePosted(message.ReferralId, await Db.ActivityName(message.ServiceId, cancellationToken));
        var source = Source;
        if (message.FromRole == BuildingBlocks.Auth.Roles.Provider)
            await notifier.ToUser(source, message.ReferrerId, text, cancellationToken);
        else
            await notifier.ToOrganisation(source, message.ProviderOrganisationId, text, cancellationToken);
    }
}
