using System.Linq.Expressions;
using BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FeedbackService.Domain;

public static class Channels
{
    public const string InApp = "in-app";
    public const string Email = "email";
    public const string Sms = "sms";
    public const string Webhook = "webhook";
    /// <summary>A letter by post, only ever to a referred person who agreed to letters (no signed-in user chooses it).</summary>
    public const string Letter = "letter";
    /// <summary>The channels a signed-in user may choose for themselves.</summary>
    public static readonly string[] All = [InApp, Email, Sms, Webhook];
}

public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Failed = "failed";
    /// <summary>Never sent: the person's consent that allowed it was withdrawn before it went.</summary>
    public const string Cancelled = "cancelled";
    /// <summary>
    /// A send was begun to a receiver that cannot tell a repeat (an email, a text, a letter) and its outcome was never
    /// recorded: the worker stopped between sending and saving. It may have gone; it is not sent again, so no one gets
    /// it twice. Admins see it in the deliveries list and can check with the provider.
    /// </summary>
    public const string Unconfirmed = "unconfirmed";

    public static readonly string[] All = [Pending, Sent, Failed, Cancelled, Unconfirmed];
}

/// <summary>
/// One message to one recipient on one channel. The idempotency key (source event, recipient, template, channel)
/// is unique, so a redelivered or replayed event can never create a second message.
/// </summary>
public sealed class Notification : IWorkerRow
{
    public Guid Id { get; private set; }
    public string IdempotencyKey { get; private set; } = "";
    /// <summary>A user id, "org:{id}" for an organisation's shared inbox, "role:curator", or "person:{referralId}".</summary>
    public string Recipient { get; private set; } = "";
    public string Channel { get; private set; } = "";
    /// <summary>
    /// Email address, phone number, webhook subscription id, or a letter's postal address (its lines, the person's name
    /// first and the postcode last, one per line: <see cref="PostalLines"/>); null for in-app.
    /// </summary>
    public string? Address { get; private set; }
    public string Template { get; private set; } = "";
    public Guid? ReferralId { get; private set; }
    public string Subject { get; private set; } = "";
    public string Body { get; private set; } = "";
    public string Status { get; private set; } = DeliveryStatus.Pending;
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset? LockedUntil { get; private set; }
    /// <summary>When a send that must not be repeated began; cleared when its outcome is recorded (<see cref="BeginSend"/>).</summary>
    public DateTimeOffset? SendingAt { get; private set; }
    public string? LastError { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    public DateTimeOffset? ReadAt { get; private set; }
    /// <summary>Held for the recipient's daily digest and sent combined with the others due with it.</summary>
    public bool Digest { get; private set; }

    private Notification() { }

    public Notification(string idempotencyKey, string recipient, string channel, string? address, string template,
        Guid? referralId, string subject, string body, DateTimeOffset createdAt, DateTimeOffset? sendAfter = null, bool digest = false)
    {
        Id = Guid.CreateVersion7();
        IdempotencyKey = idempotencyKey;
        Recipient = recipient;
        Channel = channel;
        Address = address;
        Template = template;
        ReferralId = referralId;
        Subject = subject;
        Body = body;
        CreatedAt = createdAt;
        NextAttemptAt = sendAfter ?? createdAt;
        Digest = digest;
    }

    /// <summary>
    /// Whether a row is in its recipient's in-app inbox. The row is the inbox item, so it is readable once committed
    /// and due, without waiting for the delivery worker to mark it sent; a cancelled one never shows, nor one
    /// scheduled for later (a follow-up prompt) before its time.
    /// </summary>
    public static Expression<Func<Notification, bool>> InInboxAt(DateTimeOffset now) =>
        n => n.Channel == Channels.InApp
             && (n.Status == DeliveryStatus.Sent || (n.Status == DeliveryStatus.Pending && n.NextAttemptAt <= now));

    /// <summary>
    /// An in-app message due now is delivered by its commit: the row is the inbox item, readable once committed, and
    /// there is nothing to send. It is marked sent as it is saved (<see cref="Data.FeedbackDb"/>), after everything else
    /// the same unit of work did (a consent withdrawal later in a batch still cancels it), so the delivery worker
    /// never claims or updates it. One scheduled for later (a follow-up prompt) stays pending until the worker's turn.
    /// </summary>
    public bool DeliverWithCommit()
    {
        if (Channel != Channels.InApp || Status != DeliveryStatus.Pending || Digest || NextAttemptAt > CreatedAt) return false;
        MarkSent(CreatedAt);
        return true;
    }

    /// <summary>Only a message still to be sent needs the delivery worker woken for it.</summary>
    public bool NeedsWorker => Status == DeliveryStatus.Pending;

    /// <summary>Claimed by one delivery worker for a while, so replicas never send the same row at once.</summary>
    public void Claim(DateTimeOffset until) => LockedUntil = until;

    /// <summary>
    /// Saved before a send whose receiver cannot tell a repeat: should the worker stop before the outcome is recorded,
    /// the row is found with a send begun and its lease run out, and becomes <see cref="DeliveryStatus.Unconfirmed"/>
    /// instead of going again.
    /// </summary>
    public void BeginSend(DateTimeOffset at) => SendingAt = at;

    /// <summary>A send begun and never recorded, its lease run out: it may have gone, so it does not go again.</summary>
    public static Expression<Func<Notification, bool>> SendAbandoned(DateTimeOffset now) =>
        n => n.Status == DeliveryStatus.Pending && n.SendingAt != null && n.LockedUntil < now;

    public const string AbandonedReason = "The send began but its outcome was never recorded (the worker stopped); not sent again";

    public void MarkSent(DateTimeOffset at)
    {
        Status = DeliveryStatus.Sent;
        SentAt = at;
        LockedUntil = null;
        SendingAt = null;
        Attempts++;
    }

    /// <summary>Schedules a retry with exponential backoff, or gives up for good when told or out of attempts.</summary>
    public void MarkAttemptFailed(string error, bool permanent, DateTimeOffset at, RetryPolicy policy)
    {
        Attempts++;
        LastError = error.Length > 1000 ? error[..1000] : error;
        LockedUntil = null;
        SendingAt = null;
        if (permanent || Attempts >= policy.MaxAttempts) Status = DeliveryStatus.Failed;
        else NextAttemptAt = at + policy.Backoff(Attempts);
    }

    public void MarkRead(DateTimeOffset at) => ReadAt ??= at;

    /// <summary>The person's data was erased: the address and the wording (which may name them) go; the fact of the message stays.</summary>
    public void Redact()
    {
        Cancel("the person's data was erased");
        Address = null;
        Subject = "(removed)";
        Body = "(removed)";
    }

    /// <summary>What a change of consent can still stop: a message not gone (or perhaps not gone), or an unread in-app one.</summary>
    public static readonly Expression<Func<Notification, bool>> Withdrawable =
        n => n.Status == DeliveryStatus.Pending || n.Status == DeliveryStatus.Unconfirmed
             || (n.Channel == Channels.InApp && n.Status == DeliveryStatus.Sent && n.ReadAt == null);

    private static readonly Func<Notification, bool> IsWithdrawable = Withdrawable.Compile();

    /// <summary>The person gave a new address on this channel before the message went: it goes there, never to the old one.</summary>
    public void Readdress(string address)
    {
        if (Status is DeliveryStatus.Pending or DeliveryStatus.Unconfirmed) Address = address;
    }

    /// <summary>
    /// Stops a message that has not gone yet, or that may not have (unconfirmed: then it can never be sent again), or
    /// takes an in-app message its recipient has not read yet out of their inbox; the reason says why, never who.
    /// </summary>
    public void Cancel(string reason)
    {
        if (!IsWithdrawable(this)) return;
        Status = DeliveryStatus.Cancelled;
        LastError = reason;
        LockedUntil = null;
        SendingAt = null;
    }

    /// <summary>
    /// An admin's answer for an unconfirmed message, once they have checked with the provider: it went (sent), or it
    /// did not, and it goes now (pending again, to the address the consent now gives).
    /// </summary>
    public void ResolveUnconfirmed(bool wentOut, DateTimeOffset at)
    {
        if (Status != DeliveryStatus.Unconfirmed)
            throw new BuildingBlocks.Web.ConflictException($"Only an unconfirmed message can be resolved; this one is {Status}.");
        SendingAt = null;
        if (wentOut)
        {
            Status = DeliveryStatus.Sent;
            SentAt = at;
            return;
        }
        Status = DeliveryStatus.Pending;
        NextAttemptAt = at;
    }
}

/// <summary>Exponential backoff: base, 2x base, 4x base... capped.</summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public static readonly RetryPolicy Default = new(6, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(10));

    public TimeSpan Backoff(int attempts)
    {
        var factor = Math.Pow(2, Math.Max(0, attempts - 1));
        var delay = TimeSpan.FromTicks((long)Math.Min(BaseDelay.Ticks * factor, MaxDelay.Ticks));
        return delay;
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> notification)
    {
        notification.ToTable("notifications");
        notification.HasKey(n => n.Id);
        notification.Property(n => n.Id).ValueGeneratedNever();
        notification.Property(n => n.IdempotencyKey).HasMaxLength(400);
        notification.HasIndex(n => n.IdempotencyKey).IsUnique();
        notification.Property(n => n.Recipient).HasMaxLength(200);
        notification.Property(n => n.Channel).HasMaxLength(20);
        notification.Property(n => n.Address).HasMaxLength(PostalLines.MaxLength);
        notification.Property(n => n.Template).HasMaxLength(60);
        notification.Property(n => n.Subject).HasMaxLength(200);
        notification.Property(n => n.Body).HasMaxLength(4000);
        notification.Property(n => n.Status).HasMaxLength(20);
        notification.Property(n => n.LastError).HasMaxLength(1000);
        notification.HasIndex(n => new { n.Status, n.NextAttemptAt });
        notification.HasIndex(n => new { n.Recipient, n.Channel, n.CreatedAt });
        // A referral's messages: cancelled on a consent withdrawal, redacted on erasure, exported on request.
        notification.HasIndex(n => n.ReferralId);
    }
}
