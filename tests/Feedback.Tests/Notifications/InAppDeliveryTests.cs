using BuildingBlocks.Persistence;
using Feedback.Tests.Support;
using FeedbackService.Data;
using FeedbackService.Domain;
using FeedbackService.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Feedback.Tests.Notifications;

/// <summary>
/// An in-app message due now is delivered by the commit that adds it: it is sent without the delivery worker, and
/// its commit does not wake the worker. An email still waits for the worker and wakes it; so does an in-app message
/// scheduled for later.
/// </summary>
public sealed class InAppDeliveryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero));
    private readonly CommitSignals<FeedbackDb> _signals = new();
    private WakeSignal _worker = null!;
    private InMemoryFeedbackDb _feedback = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _worker = _signals.For<Notification>();
        _feedback = await InMemoryFeedbackDb.Start(_clock, new FeedbackOptions(), new CommitSignalInterceptor<FeedbackDb>(_signals));
        _services = _feedback.Services;
    }

    public Task DisposeAsync() => _feedback.DisposeAsync().AsTask();

    private async Task<Notification> Tell(string userId, string[] channels, DateTimeOffset? to = null)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedbackDb>();
        var preferences = new UserPreferences(userId);
        preferences.Update("pat@example.org", null, channels, false);
        db.Preferences.Add(preferences);
        await db.SaveChangesAsync();
        var message = Templates.StatusChangedForReferrer(Guid.NewGuid(), "accepted", "Lunch Club", null);
        var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
        if (to is { } later) await notifier.ToOrganisation(userId, Guid.NewGuid(), message, default, later);
        else await notifier.ToUser(userId, userId, message, default);
        await db.SaveChangesAsync();
        return await db.Notifications.AsNoTracking().SingleAsync(n => n.IdempotencyKey.StartsWith(userId));
    }

    private Task<bool> WorkerWoken() => _worker.WaitAsync(TimeSpan.Zero, TimeProvider.System, default);

    [Fact]
    public async Task An_in_app_message_due_now_is_sent_by_its_commit_and_does_not_wake_the_worker()
    {
        var row = await Tell("referrer-1", [Channels.InApp]);

        Assert.Equal(DeliveryStatus.Sent, row.Status);
        Assert.Equal(_clock.GetUtcNow(), row.SentAt);
        Assert.False(await WorkerWoken());
    }

    [Fact]
    public async Task An_email_waits_for_the_worker_and_wakes_it()
    {
        var row = await Tell("referrer-2", [Channels.Email]);

        Assert.Equal(DeliveryStatus.Pending, row.Status);
        Assert.True(await WorkerWoken());
    }

    [Fact]
    public async Task An_in_app_message_scheduled_for_later_waits_for_the_worker()
    {
        var row = await Tell("org-3", [Channels.InApp], to: _clock.GetUtcNow().AddDays(70));

        Assert.Equal(DeliveryStatus.Pending, row.Status);
        Assert.True(await WorkerWoken());
    }
}
