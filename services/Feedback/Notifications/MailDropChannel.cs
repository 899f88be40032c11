using FeedbackService.Domain;

namespace FeedbackService.Notifications;

/// <summary>
/// Email kept, not sent (Feedback:MailDrop:Enabled): the sent row is the message, read back through the mail drop
/// endpoint (and the portal's /dev/mail). For the embedded default, where no SMTP server or Notify is configured;
/// never on in production.
/// </summary>
public sealed class MailDropChannel : INotificationChannel
{
    public bool Handles(string channel) => channel == Channels.Email;

    public Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Letters kept, not posted (Feedback:LetterDrop:Enabled): the sent row is the letter, with the address it would have
/// been posted to, read back through the mail drop endpoint (<c>?channel=letter</c>) and the portal's /dev/mail. For the
/// embedded default and tests, where Notify (which prints and posts letters) is off; never on in production.
/// </summary>
public sealed class LetterDropChannel : INotificationChannel
{
    public bool Handles(string channel) => channel == Channels.Letter;

    public Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
}
