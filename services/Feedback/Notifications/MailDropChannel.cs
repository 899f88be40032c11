using FeedbackService.Domain;

namespace FeedbackService.Notifications;

/// <summary>
/// Email and letters kept, not sent (Feedback:MailDrop:Enabled): the sent row is the message, read back through the
/// mail drop endpoint (and the portal's /dev/mail), a letter with the address it would have been posted to. For the
/// embedded default, where no SMTP server or Notify is configured; never on in production.
/// </summary>
public sealed class MailDropChannel : INotificationChannel
{
    public bool Handles(string channel) => channel is Channels.Email or Channels.Letter;

    public Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
}
