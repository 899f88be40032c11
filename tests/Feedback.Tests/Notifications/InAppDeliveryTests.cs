using BuildingBlocks.Persistence;
using FeedbackService.Data;
using FeedbackService.Domain;
using FeedbackService.Notifications;
using Microsoft.Data.Sqlite;
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
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero));
    private readonly CommitSignals<FeedbackDb> _signals = new();
    private WakeSignal _worker = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        await _connection.OpenAsync();
        _worker = _signals.For<Notification>();
        _services = new ServiceCollection()
            .AddDbContext<FeedbackDb, SqliteFeedbackDb>(o => o.UseSqlite(_connection).UseSnakeCaseNamingConvention()
                .AddInterceptors(new CommitSignalInterceptor<FeedbackDb>(_signals)))
            .AddSingleton<TimeProvider>(_clock)
            .AddSingleton(Microsoft.Extensions.Options.Options.Create(new FeedbackOptions()))
            .AddScoped<Notifier>()
            .BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FeedbackDb>().Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _connection.DisposeAsync();
    }

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
