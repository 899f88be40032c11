using FeedbackService.Domain;

namespace FeedbackService.Notifications;

/// <summary>
/// A channel's messages kept, not sent: email (Feedback:MailDrop:Enabled), letters (Feedback:LetterDrop:Enabled) or
/// text messages (Feedback:TextDrop:Enabled). The sent row is the message, with the address or number it would have
/// gone to, read back through the mail drop endpoints and the portal's /dev/mail. For the embedded default and tests,
/// where no SMTP server or Notify (which sends texts, and prints and posts letters) is configured; never in production.
/// </summary>
public sealed class DropChannel(string channel) : INotificationChannel
{
    public bool Handles(string candidate) => candidate == channel;

    public Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
}
