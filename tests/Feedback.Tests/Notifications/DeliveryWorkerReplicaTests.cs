using System.Collections.Concurrent;
using BuildingBlocks.Persistence;
using FeedbackService.Data;
using FeedbackService.Domain;
using FeedbackService.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TestSupport;

namespace Feedback.Tests.Notifications;

/// <summary>Replicas' delivery workers on one real PostgreSQL database: each takes its own rows, none sends a row twice.</summary>
public sealed class DeliveryWorkerReplicaTests : IAsyncLifetime
{
    private const int Notifications = 60;
    private readonly CountingChannel _channel = new();
    private string _database = "";
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _database = await Servers.CreateDatabase("feedback_delivery_replicas");
        _services = new ServiceCollection()
            .AddDbContext<FeedbackDb, PostgresFeedbackDb>(options => DatabaseSetup.UsePostgres(options, _database))
            .AddSingleton(TimeProvider.System)
            .AddSingleton(Options.Create(new FeedbackOptions()))
            .AddScoped<Notifier>()
            .AddSingleton<INotificationChannel>(_channel)
            .BuildServiceProvider();
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedbackDb>();
        await db.Database.MigrateAsync();
        var preferences = new UserPreferences("gp-1");
        preferences.Update("gp1@example.org", null, [Channels.Email], false);
        db.Preferences.Add(preferences);
        await db.SaveChangesAsync();
        var notifier = scope.ServiceProvider.GetRequiredService<Notifier>();
        for (var i = 0; i < Notifications; i++)
            await notifier.ToUser($"event-{i}", "gp-1", Templates.StatusChangedForReferrer(Guid.NewGuid(), "accepted", "Lunch Club", null), default);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await Servers.DropDatabase(_database);
    }

    private DeliveryWorker Replica() => new(_services.GetRequiredService<IServiceScopeFactory>(),
        Options.Create(new FeedbackOptions { Delivery = { BatchSize = 7 } }), new CommitSignals<FeedbackDb>(), TimeProvider.System,
        NullLogger<DeliveryWorker>.Instance);

    [Fact]
    public async Task Three_workers_claiming_at_once_send_every_notification_exactly_once()
    {
        var workers = new[] { Replica(), Replica(), Replica() };

        await Task.WhenAll(workers.Select(async worker =>
        {
            while (await worker.DeliverBatch(default) > 0) { }
        }));

        Assert.Equal(Notifications, _channel.Sent.Count);
        Assert.All(_channel.Sent, sent => Assert.Equal(1, sent.Value));
        await using var scope = _services.CreateAsyncScope();
        var statuses = await scope.ServiceProvider.GetRequiredService<FeedbackDb>().Notifications.Select(n => n.Status).ToListAsync();
        Assert.All(statuses, status => Assert.Equal(DeliveryStatus.Sent, status));
    }

    private sealed class CountingChannel : INotificationChannel
    {
        public ConcurrentDictionary<Guid, int> Sent { get; } = new();

        public bool Handles(string channel) => true;

        public async Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
        {
            await Task.Delay(5, cancellationToken); // long enough for the other workers to claim meanwhile
            Sent.AddOrUpdate(message.Id, 1, (_, n) => n + 1);
        }
    }
}
