using FeedbackService.Domain;
using Microsoft.Extensions.Options;
using Notify.Client;
using Notify.Exceptions;

namespace FeedbackService.Notifications;

/// <summary>
/// Email and SMS through GOV.UK Notify. Registered only when Feedback:Notify:Enabled is true (it needs the
/// internet and a key), and then ahead of SMTP, so it takes email too.
/// </summary>
public sealed class GovukNotifyChannel(IOptions<FeedbackOptions> options) : INotificationChannel
{
    private NotifyOptions Notify => options.Value.Notify;

    public bool Handles(string channel) => channel is Channels.Email or Channels.Sms;

    public async Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Notify.ApiKey))
            throw new DeliveryFailedException("GOV.UK Notify has no API key (Feedback:Notify:ApiKey).", permanent: true);
        if (string.IsNullOrWhiteSpace(message.Address))
            throw new DeliveryFailedException("No address.", permanent: true);

        var client = new NotificationClient(Notify.ApiKey);
        var personalisation = new Dictionary<string, dynamic> { ["subject"] = message.Subject, ["body"] = message.Body };
        try
        {
            // The notification id as client reference lets Notify's own records be matched to ours.
            if (message.Channel == Channels.Sms)
                await client.SendSmsAsync(message.Address, Notify.SmsTemplateId, personalisation, message.Id.ToString());
            else
                await client.SendEmailAsync(message.Address, Notify.EmailTemplateId, personalisation, message.Id.ToString());
        }
        catch (NotifyClientException ex)
        {
            // Notify answers 400/403 for bad input or keys (retrying cannot help), 429/5xx for transient trouble.
            var permanent = ex.Message.Contains("Status code 400") || ex.Message.Contains("Status code 403");
            throw new DeliveryFailedException("GOV.UK Notify refused the message.", permanent, ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new DeliveryFailedException($"GOV.UK Notify failed: {ex.GetType().Name}", permanent: false, ex);
        }
    }
}
