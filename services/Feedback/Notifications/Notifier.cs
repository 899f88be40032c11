using FeedbackService.Data;
using FeedbackService.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FeedbackService.Notifications;

/// <summary>
/// Turns "tell this recipient this message" into notification rows, one per channel the recipient wants, added to
/// the caller's unit of work (so they commit with the event's inbox row). Nothing is sent here: the delivery
/// worker sends only what has been committed. The idempotency key is (source, recipient, template, channel
/// [, subscription]); an existing key is skipped, and the UNIQUE index stops a concurrent duplicate.
/// </summary>
public sealed class Notifier(FeedbackDb db, TimeProvider clock, IOptions<FeedbackOptions> options)
{
    // A batch of events reads what it needs up front (ReadAhead) instead of one query per message.
    private readonly Dictionary<string, UserPreferences?> _knownPreferences = [];
    private bool _keysCheckedAtOnce;
    // The keys this unit of work has added, and the rows. (Not DbSet.Local: every read of it runs change detection over
    // everything tracked, which made a batch of 50 events quadratic in its notifications.)
    private readonly HashSet<string> _addedKeys = [];
    private readonly List<Notification> _added = [];

    public const string Curators = "role:curator";
    public static string OrganisationInbox(Guid organisationId) => $"org:{organisationId}";
    public static string Person(Guid referralId) => $"person:{referralId}";
    /// <summary>A practitioner team's shared in-app inbox, read by its members (<c>ReferralRights.IsTeamMember</c>).</summary>
    public static string TeamInbox(string team) => $"team:{team}";
    /// <summary>Mail about a portal account, sent to an address rather than to someone the services know.</summary>
    public const string AccountAddress = "account-address";

    /// <summary>A signed-in user (a referrer): in-app, email, SMS and webhooks as their preferences say.</summary>
    public async Task ToUser(string source, string userId, Message message, CancellationToken cancellationToken)
    {
        var preferences = _knownPreferences.TryGetValue(userId, out var known) ? known
            : await db.Preferences.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == userId, cancellationToken);
        var channels = preferences?.Channels ?? [.. UserPreferences.DefaultChannels];
        var digest = preferences?.DailyDigest == true ? NextDigestTime() : (DateTimeOffset?)null;

        foreach (var channel in channels)
        {
            switch (channel)
            {
                case Channels.InApp:
                    await Add(source, userId, channel, null, message, null, cancellationToken);
                    break;
                case Channels.Email when preferences?.Email is { } email:
                    await Add(source, userId, channel, email, message, digest, cancellationToken, digest is not null);
                    break;
                case Channels.Sms when preferences?.Phone is { } phone:
                    await Add(source, userId, channel, phone, message, digest, cancellationToken, digest is not null);
                    break;
                case Channels.Webhook:
                    var subscriptions = await db.Webhooks.AsNoTracking().Where(w => w.OwnerId == userId).ToListAsync(cancellationToken);
                    foreach (var subscription in subscriptions.Where(s => s.Wants(message.Template)))
                        await Add(source, userId, channel, subscription.Id.ToString(), message, null, cancellationToken);
                    break;
            }
        }
    }

    /// <summary>
    /// A FHIR Subscription's receiver (<see cref="TaskSubscription"/>), by its signed webhook: one notification per
    /// change (<paramref name="source"/>) per subscription, whatever its owner's channel preferences (they asked for it).
    /// </summary>
    public Task ToFhirSubscription(string source, WebhookSubscription subscription, Message message, CancellationToken cancellationToken) =>
        Add(source, subscription.OwnerId, Channels.Webhook, subscription.Id.ToString(), message, null, cancellationToken);

    /// <summary>The shared in-app inbox of a provider organisation's staff.</summary>
    public Task ToOrganisation(string source, Guid organisationId, Message message, CancellationToken cancellationToken, DateTimeOffset? sendAfter = null) =>
        Add(source, OrganisationInbox(organisationId), Channels.InApp, null, message, sendAfter, cancellationToken);

    /// <summary>
    /// The referrer's team, besides the referrer, when the team chose to hear all its referrals' news (recorded on the
    /// referral when it was made). In-app only: Feedback knows the team, not its members or their channels.
    /// </summary>
    public Task ToReferrerTeam(string source, string? team, bool tellTeam, Message message, CancellationToken cancellationToken) =>
        tellTeam && team is not null
            ? Add(source, TeamInbox(team), Channels.InApp, null, message, null, cancellationToken)
            : Task.CompletedTask;

    /// <summary>An email to an address (account mail from the portal), whatever that address's owner has chosen elsewhere.</summary>
    public Task ToEmailAddress(string source, string address, Message message, CancellationToken cancellationToken) =>
        Add(source, AccountAddress, Channels.Email, address, message, null, cancellationToken);

    /// <summary>The curators' shared in-app inbox.</summary>
    public Task ToCurators(string source, Message message, CancellationToken cancellationToken) =>
        Add(source, Curators, Channels.InApp, null, message, null, cancellationToken);

    /// <summary>
    /// The person referred, only on a channel they consented to (a letter to their postal address where that is the
    /// one: <see cref="Message.Letter"/>'s text); nothing when there is none.
    /// </summary>
    public Task ToPerson(string source, Referral referral, Message message, CancellationToken cancellationToken, DateTimeOffset? sendAfter = null) =>
        referral.PersonContact() is { } contact
            ? Add(source, Person(referral.Id), contact.Channel, contact.Address, message, sendAfter, cancellationToken)
            : Task.CompletedTask;

    /// <summary>
    /// Consent changed: messages not yet sent (or, in-app, not yet read) that it no longer covers are cancelled (to the
    /// person on a withdrawn channel; to the referrer about attendance and outcomes), and the person's go to the
    /// address they gave now, not the one they replaced, in the caller's unit of work.
    /// </summary>
    public async Task KeepPendingInLineWithConsent(Referral referral, IReadOnlyList<string> withdrawnChannels, bool addressReplaced,
        CancellationToken cancellationToken)
    {
        // Most consent events change nothing (every request sends one): then there is nothing to look for.
        if (withdrawnChannels.Count == 0 && referral.ShareOutcomesWithReferrer && !addressReplaced) return;
        var person = Person(referral.Id);
        // The team's inbox is the referrer's side too: what the referrer may no longer hear, neither may the team.
        var team = referral.ReferrerTeam is { } slug ? TeamInbox(slug) : null;
        var stored = await db.Notifications
            // Unconfirmed ones too (an admin may yet send one again, and then only as the consent now stands), and unread
            // in-app ones: delivered by their commit, they leave the inbox unseen.
            .Where(n => n.ReferralId == referral.Id).Where(Notification.Withdrawable)
            .Where(n => n.Recipient == person || n.Recipient == referral.ReferrerId || (team != null && n.Recipient == team))
            .ToListAsync(cancellationToken);
        // A batch of events is one unit of work: an earlier event of it may have added a message this withdrawal covers
        // (the person's acceptance message on the channel now withdrawn), not stored yet, so not found above. A row an
        // earlier event cancelled is still found (the database says pending), and Cancel leaves it as it is.
        var pending = stored.Concat(_added.Where(n => n.ReferralId == referral.Id)).Distinct();
        foreach (var notification in pending)
        {
            if (notification.Recipient == person && withdrawnChannels.Contains(notification.Channel))
                notification.Cancel("contact on this channel withdrawn");
            else if (notification.Recipient == person && referral.AddressOn(notification.Channel) is { } address && address != notification.Address)
                notification.Readdress(address);
            else if ((notification.Recipient == referral.ReferrerId || notification.Recipient == team) && !referral.ShareOutcomesWithReferrer
                     && Templates.TellsReferrerOfAttendance(notification.Template))
                notification.Cancel("sharing attendance and outcomes with the referrer withdrawn");
        }
    }

    private async Task Add(string source, string recipient, string channel, string? address, Message message,
        DateTimeOffset? sendAfter, CancellationToken cancellationToken, bool digest = false)
    {
        var key = channel == Channels.Webhook
            ? $"{source}|{recipient}|{message.Template}|{channel}|{address}"
            : $"{source}|{recipient}|{message.Template}|{channel}";
        if (_addedKeys.Contains(key)
            || (!_keysCheckedAtOnce && await db.Notifications.AnyAsync(n => n.IdempotencyKey == key, cancellationToken)))
            return;
        _addedKeys.Add(key);
        var notification = new Notification(key, recipient, channel, address, message.Template, message.ReferralId,
            message.Subject, message.BodyOn(channel), clock.GetUtcNow(), sendAfter, digest);
        _added.Add(notification);
        db.Notifications.Add(notification);
    }

    /// <summary>
    /// For a batch of events in one unit of work: reads the preferences of the users it will tell in one query, and
    /// leaves the idempotency check of each message to <see cref="DropAlreadyNotified"/>, one query for them all,
    /// which the caller must run before it saves.
    /// </summary>
    public async Task ReadAhead(IEnumerable<string> userIds, CancellationToken cancellationToken)
    {
        _keysCheckedAtOnce = true;
        var ids = userIds.Where(id => !_knownPreferences.ContainsKey(id)).Distinct().ToList();
        if (ids.Count == 0) return; // a batch that tells no signed-in user (consent: only the person)
        var found = await db.Preferences.AsNoTracking().Where(p => ids.Contains(p.UserId)).ToListAsync(cancellationToken);
        foreach (var id in ids) _knownPreferences[id] = found.FirstOrDefault(p => p.UserId == id);
    }

    /// <summary>After <see cref="ReadAhead"/>: the messages added whose idempotency key is already stored are not added after all.</summary>
    public async Task DropAlreadyNotified(CancellationToken cancellationToken)
    {
        var added = db.ChangeTracker.Entries<Notification>().Where(e => e.State == EntityState.Added).ToList();
        var keys = added.Select(e => e.Entity.IdempotencyKey).ToList();
        if (keys.Count == 0) return;
        var stored = (await db.Notifications.AsNoTracking().Where(n => keys.Contains(n.IdempotencyKey))
            .Select(n => n.IdempotencyKey).ToListAsync(cancellationToken)).ToHashSet();
        foreach (var entry in added.Where(e => stored.Contains(e.Entity.IdempotencyKey)))
            entry.State = EntityState.Detached;
    }

    private DateTimeOffset NextDigestTime()
    {
        var now = clock.GetUtcNow();
        var today = new DateTimeOffset(now.Year, now.Month, now.Day, options.Value.DigestHourUtc, 0, 0, TimeSpan.Zero);
        return today > now ? today : today.AddDays(1);
    }
}
