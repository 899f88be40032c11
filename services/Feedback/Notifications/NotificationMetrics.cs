using System.Diagnostics.Metrics;
using BuildingBlocks.Hosting;

namespace FeedbackService.Notifications;

/// <summary>Notification deliveries by channel (<c>notifications.sent</c>, <c>notifications.failed</c>, <c>notifications.unconfirmed</c> on /metrics).</summary>
public static class NotificationMetrics
{
    private static readonly Counter<long> Sent = ServiceTelemetry.Meter.CreateCounter<long>(
        "notifications.sent", "{notification}", "Notifications the channel accepted.");
    private static readonly Counter<long> Failed = ServiceTelemetry.Meter.CreateCounter<long>(
        "notifications.failed", "{notification}", "Delivery attempts that failed; permanent=false ones are retried.");

    private static readonly Counter<long> Unconfirmed = ServiceTelemetry.Meter.CreateCounter<long>(
        "notifications.unconfirmed", "{notification}", "Sends begun and never recorded (the worker stopped): not sent again, for an admin to check.");

    public static void Delivered(string channel, int count) =>
        Sent.Add(count, new KeyValuePair<string, object?>("channel", channel));

    public static void Abandoned(int count) => Unconfirmed.Add(count);

    public static void AttemptFailed(string channel, int count, bool permanent) =>
        Failed.Add(count, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("permanent", permanent));
}
