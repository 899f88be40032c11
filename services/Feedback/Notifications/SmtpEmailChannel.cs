using FeedbackService.Domain;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FeedbackService.Notifications;

/// <summary>Email over SMTP with MailKit.</summary>
public sealed class SmtpEmailChannel(IOptions<FeedbackOptions> options) : INotificationChannel
{
    private SmtpOptions Smtp => options.Value.Smtp;

    public bool Handles(string channel) => channel == Channels.Email;

    public async Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Smtp.Host))
            throw new DeliveryFailedException("No SMTP server is configured (Feedback:Smtp:Host).", permanent: true);
        if (string.IsNullOrWhiteSpace(message.Address))
            throw new DeliveryFailedException("No email address.", permanent: true);

        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(Smtp.From));
        mail.To.Add(MailboxAddress.Parse(message.Address));
        mail.Subject = message.Subject;
        mail.MessageId = $"{message.Id}@community-directory";
        mail.Body = new TextPart("plain") { Text = message.Body };

        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(Smtp.Host, Smtp.Port,
                Smtp.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
            if (!string.IsNullOrEmpty(Smtp.Username))
                await client.AuthenticateAsync(Smtp.Username, Smtp.Password ?? "", cancellationToken);
            await client.SendAsync(mail, cancellationToken);
            await client.DisconnectAsync(true, cancellationToken);
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
        {
            // 5xx: the server refuses this message for good (bad mailbox, rejected content).
            throw new DeliveryFailedException($"SMTP refused the message: {(int)ex.StatusCode}", permanent: true, ex);
        }
        catch (Exception ex) when (ex is not DeliveryFailedException and not OperationCanceledException)
        {
            throw new DeliveryFailedException($"SMTP delivery failed: {ex.GetType().Name}: {ex.Message}", permanent: false, ex);
        }
    }
}
