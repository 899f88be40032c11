using FeedbackService.Domain;

namespace FeedbackService.Notifications;

/// <summary>
/// The one port every notification goes out through. Adapters: SMTP email, GOV.UK Notify (email and SMS),
/// the in-app inbox and signed webhooks. The delivery worker picks the first registered adapter that handles a
/// row's channel, so registering Notify ahead of SMTP switches email over without touching anything else.
/// </summary>
public interface INotificationChannel
{
    bool Handles(string channel);

    /// <summary>
    /// Whether whoever receives a message can tell a second sending of it from a new one (a webhook receiver by its
    /// X-Webhook-Id; the in-app inbox, whose row is the message). Where not (an email, a text, a letter), a send that
    /// was begun and never recorded is not made again: no one is sent the same thing twice (<see cref="Notification.BeginSend"/>).
    /// </summary>
    bool TellsRepeatsApart => false;

    /// <summary>Sends or throws; <see cref="DeliveryFailedException"/> says whether a retry could help.</summary>
    Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}

/// <summary>What an adapter needs to send one message (several notifications when it is a digest).</summary>
public sealed record OutgoingMessage(
    Guid Id, string Channel, string Recipient, string? Address, string Template, Guid? ReferralId,
    string Subject, string Body, DateTimeOffset CreatedAt)
{
    public static OutgoingMessage From(Notification n) =>
        new(n.Id, n.Channel, n.Recipient, n.Address, n.Template, n.ReferralId, n.Subject, n.Body, n.CreatedAt);
}

public sealed class DeliveryFailedException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}
