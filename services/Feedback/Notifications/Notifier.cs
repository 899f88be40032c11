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
    public const string Curators = "role:curator";
    public static string OrganisationInbox(Guid organisationId) => $"org:{organisationId}";
    public static string Person(Guid referralId) => $"person:{referralId}";

    /// <summary>A signed-in user (a referrer): in-app, email, SMS and webhooks as their preferences say.</summary>
    public async Task ToUser(string source, string userId, Message message, CancellationToken cancellationToken)
    {
        var preferences = await db.Preferences.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == userId, cancellationToken);
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

    /// <summary>The shared in-app inbox of a provider organisation's staff.</summary>
    public Task ToOrganisation(string source, Guid organisationId, Message message, CancellationToken cancellationToken, DateTimeOffset? sendAfter = null) =>
        Add(source, OrganisationInbox(organisationId), Channels.InApp, null, message, sendAfter, cancellationToken);

    /// <summary>The curators' shared in-app inbox.</summary>
    public Task ToCurators(string source, Message message, CancellationToken cancellationToken) =>
        Add(source, Curators, Channels.InApp, null, message, null, cancellationToken);

    /// <summary>The person referred, only on a channel they consented to; nothing when there is none.</summary>
    public Task ToPerson(string source, Referral referral, Message message, CancellationToken cancellationToken, DateTimeOffset? sendAfter = null) =>
        referral.PersonContact() is { } contact
            ? Add(source, Person(referral.Id), contact.Channel, contact.Address, message, sendAfter, cancellationToken)
            : Task.CompletedTask;

    /// <summary>
    /// Consent was withdrawn: messages not yet sent that it no longer covers are cancelled (to the person on a withdrawn
    /// channel; to the referrer about attendance and outcomes), in the caller's unit of work.
    /// </summary>
    public async Task CancelPendingNoLongerConsented(Referral referral, IReadOnlyList<string> withdrawnChannels,
        CancellationToken cancellationToken)
    {
        var person = Person(referral.Id);
        var pending = await db.Notifications
            .Where(n => n.ReferralId == referral.Id && n.Status == DeliveryStatus.Pending)
            .Where(n => n.Recipient == person || n.Recipient == referral.ReferrerId)
            .ToListAsync(cancellationToken);
        foreach (var notification in pending)
        {
            if (notification.Recipient == person && withdrawnChannels.Contains(notification.Channel))
                notification.Cancel("contact on this channel withdrawn");
            else if (notification.Recipient == referral.ReferrerId && !referral.ShareOutcomesWithReferrer
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
        if (db.Notifications.Local.Any(n => n.IdempotencyKey == key)
            || await db.Notifications.AnyAsync(n => n.IdempotencyKey == key, cancellationToken))
            return;
        db.Notifications.Add(new Notification(key, recipient, channel, address, message.Template, message.ReferralId,
            message.Subject, message.Body, clock.GetUtcNow(), sendAfter, digest));
    }

    private DateTimeOffset NextDigestTime()
    {
        var now = clock.GetUtcNow();
        var today = new DateTimeOffset(now.Year, now.Month, now.Day, options.Value.DigestHourUtc, 0, 0, TimeSpan.Zero);
        return today > now ? today : today.AddDays(1);
    }
}
