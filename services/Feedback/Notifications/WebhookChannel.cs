using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FeedbackService.Data;
using FeedbackService.Domain;
using Microsoft.Extensions.Options;

namespace FeedbackService.Notifications;

/// <summary>
/// POSTs a notification as JSON to a subscriber, signed so the receiver can check it came from us and is fresh:
/// X-Timestamp is Unix seconds, X-Signature is "sha256=" + hex HMAC-SHA256(secret, "{timestamp}.{body}").
/// A URL that breaks <see cref="WebhookDestination"/>, or a host that resolves to a non-public address, is a
/// permanent failure of that delivery; the reason recorded names no address.
/// </summary>
public sealed class WebhookChannel(FeedbackDb db, IHttpClientFactory http, TimeProvider clock, IOptions<FeedbackOptions> options)
    : INotificationChannel
{
    public const string HttpClientName = "webhooks";

    public bool Handles(string channel) => channel == Channels.Webhook;

    /// <summary>Every delivery of one message carries its id (X-Webhook-Id), so a receiver drops a repeat.</summary>
    public bool TellsRepeatsApart => true;

    public async Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(message.Address, out var subscriptionId)
            || await db.Webhooks.FindAsync([subscriptionId], cancellationToken) is not { } subscription)
            throw new DeliveryFailedException("The webhook subscription no longer exists.", permanent: true);
        if (WebhookDestination.Problem(subscription.Url, options.Value.Webhooks) is { } problem)
            throw new DeliveryFailedException($"Webhook refused: {problem}", permanent: true);

        // A FHIR Subscription's receiver gets FHIR's notification (empty, or the id-only Bundle); the others our JSON.
        var (body, contentType) = subscription.Fhir is { } fhir
            ? FhirNotification.Body(fhir, message)
            : (JsonSerializer.Serialize(new
            {
                id = message.Id, @event = message.Template, referralId = message.ReferralId,
                subject = message.Subject, text = message.Body, createdAt = message.CreatedAt,
            }, JsonSerializerOptions.Web), "application/json");
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString();

        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        request.Headers.Add("X-Timestamp", timestamp);
        request.Headers.Add("X-Signature", WebhookSignature.Sign(subscription.Secret, timestamp, body));
        request.Headers.Add("X-Webhook-Id", message.Id.ToString());

        try
        {
            await Post(request, cancellationToken);
        }
        catch (DeliveryFailedException failed) when (failed.Permanent && subscription.Fhir is not null)
        {
            // A FHIR Subscription says it is in error (R4 status "error"), with the reason, which names no address.
            await Record(subscription, fhir => fhir.Failed(failed.Message));
            throw;
        }
        if (subscription.Fhir is not null) await Record(subscription, fhir => fhir.Delivered());
    }

    private async Task Post(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex) when (ex.InnerException is WebhookDestinationRefusedException refused)
        {
            throw new DeliveryFailedException(refused.Message, permanent: true);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new DeliveryFailedException($"Webhook receiver unreachable: {ex.GetType().Name}", permanent: false, ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode) return;
            var status = (int)response.StatusCode;
            // 4xx other than 408/429 means the receiver rejects this request as it is; retrying will not change that.
            // Nor will it change a redirect, which is never followed (it could point inside our network).
            var permanent = status is >= 300 and < 400
                            || (status is >= 400 and < 500 && response.StatusCode is not HttpStatusCode.RequestTimeout
                                and not HttpStatusCode.TooManyRequests);
            throw new DeliveryFailedException($"Webhook receiver answered {status}.", permanent);
        }
    }

    /// <summary>Saves what a delivery says of its FHIR Subscription (this lane's own scope and unit of work).</summary>
    private async Task Record(WebhookSubscription subscription, Action<TaskSubscription> change)
    {
        var status = subscription.Fhir!.Status;
        change(subscription.Fhir);
        if (subscription.Fhir.Status != status) await db.SaveChangesAsync(CancellationToken.None);
    }
}

public static class WebhookSignature
{
    public const string Prefix = "sha256=";

    public static string Sign(string secret, string timestamp, string body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    /// <summary>What a receiver does: recompute, compare in constant time, and refuse stale timestamps (replays).</summary>
    public static bool Verify(string secret, string timestamp, string body, string signature, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestamp, out var seconds)) return false;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance) return false;
        var expected = Encoding.UTF8.GetBytes(Sign(secret, timestamp, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(signature));
    }
}
