using FeedbackService.Domain;

namespace FeedbackService.Notifications;

/// <summary>The in-app inbox: the notification row is the inbox item, so "sending" only makes it visible.</summary>
public sealed class InAppChannel : INotificationChannel
{
    public bool Handles(string channel) => channel == Channels.InApp;

    public bool TellsRepeatsApart => true;

    public Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
}
