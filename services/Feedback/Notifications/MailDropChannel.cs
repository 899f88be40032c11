using FeedbackService.Domain;

namespace FeedbackService.Notifications;

/// <summary>
/// Email kept, not sent (Feedback:MailDrop:Enabled): the sent row is the message, read back through the mail drop
/// endpoint. For the embedded default, where no SMTP server or Notify is configured; never on in production.
/// </summary>
public sealed class MailDropChannel : INotificationChannel
{
    public bool Handles(string channel) => channel == Channels.Email;

    public Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
}
