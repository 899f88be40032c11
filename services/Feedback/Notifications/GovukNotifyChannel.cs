using Contracts.Referrals;
using FeedbackService.Domain;
using Microsoft.Extensions.Options;
using Notify.Client;
using Notify.Exceptions;

namespace FeedbackService.Notifications;

/// <summary>
/// Email, SMS and letters through GOV.UK Notify. Registered only when Feedback:Notify:Enabled is true (it needs the
/// internet and a key), and then ahead of SMTP and the mail drop, so it takes email and letters too. Notify prints and
/// posts a letter from its letter template (Feedback:Notify:LetterTemplateId) with the address in address_line_1 to
/// address_line_7, the postcode on the last one given.
/// </summary>
public sealed class GovukNotifyChannel(IOptions<FeedbackOptions> options) : INotificationChannel
{
    private NotifyOptions Notify => options.Value.Notify;

    public bool Handles(string channel) => channel is Channels.Email or Channels.Sms or Channels.Letter;

    public async Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Notify.ApiKey))
            throw new DeliveryFailedException("GOV.UK Notify has no API key (Feedback:Notify:ApiKey).", permanent: true);
        if (string.IsNullOrWhiteSpace(message.Address))
            throw new DeliveryFailedException("No address.", permanent: true);
        if (message.Channel == Channels.Letter && string.IsNullOrWhiteSpace(Notify.LetterTemplateId))
            throw new DeliveryFailedException("GOV.UK Notify has no letter template (Feedback:Notify:LetterTemplateId).", permanent: true);

        var client = new NotificationClient(Notify.ApiKey);
        var personalisation = new Dictionary<string, dynamic> { ["subject"] = message.Subject, ["body"] = message.Body };
        try
        {
            // The notification id as client reference lets Notify's own records be matched to ours.
            if (message.Channel == Channels.Sms)
                await client.SendSmsAsync(message.Address, Notify.SmsTemplateId, personalisation, message.Id.ToString());
            else if (message.Channel == Channels.Letter)
                await client.SendLetterAsync(Notify.LetterTemplateId, LetterPersonalisation(message.Address, message.Subject, message.Body),
                    message.Id.ToString());
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

    /// <summary>
    /// A letter's placeholders: address_line_1 onwards, one per line of the address (the person's name first, the
    /// postcode on the last one given, as Notify requires), and the letter's ((subject)) and ((body)).
    /// </summary>
    public static Dictionary<string, dynamic> LetterPersonalisation(string address, string subject, string body)
    {
        var lines = PostalLines.Split(address);
        if (lines.Count is < PostalAddressLines.Min or > PostalAddressLines.Max)
            throw new DeliveryFailedException($"A letter's address needs {PostalAddressLines.Min} to {PostalAddressLines.Max} lines.", permanent: true);
        var personalisation = new Dictionary<string, dynamic> { ["subject"] = subject, ["body"] = body };
        for (var i = 0; i < lines.Count; i++) personalisation[$"address_line_{i + 1}"] = lines[i];
        return personalisation;
    }
}
