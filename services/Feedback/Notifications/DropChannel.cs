using FeedbackService.Domain;

namespace FeedbackService.Notifications;

/// <summary>
/// A channel's messages kept, not sent: email (Feedback:MailDrop:Enabled) or letters (Feedback:LetterDrop:Enabled). The
/// sent row is the message, with the address it would have gone to, read back through the mail drop endpoint
/// (<c>?channel=letter</c> for letters) and the portal's /dev/mail. For the embedded default and tests, where no SMTP
/// server or Notify (which prints and posts letters) is configured; never on in production.
/// </summary>
public sealed class DropChannel(string channel) : INotificationChannel
{
    public bool Handles(string candidate) => candidate == channel;

    public Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
}
