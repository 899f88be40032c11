using System.Collections.Concurrent;
using BuildingBlocks.Messaging;
using BuildingBlocks.Persistence;
using Contracts.Referrals;
using Feedback.Tests.Support;
using FeedbackService.Consumers;
using FeedbackService.Data;
using FeedbackService.Domain;
using FeedbackService.Notifications;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;

namespace Feedback.Tests.Consumers;

/// <summary>
/// Feedback's status queue is the loop's busiest: its consumer applies what has arrived together in one transaction,
/// with a handful of database commands for the whole batch rather than several for each event (docs/RELIABILITY.md),
/// and stays idempotent: a redelivered event tells nobody twice.
/// </summary>
public sealed class BatchedStatusConsumptionTests : IAsyncLifetime
{
    private const int Referrals = 10;
    private readonly ConcurrentBag<string> _faults = [];
    private readonly CommandCounter _commands = new();
    private string _database = "";
    private ServiceProvider _services = null!;
    private IBusControl _bus = null!;

    public async Task InitializeAsync()
    {
        _database = await Servers.CreateDatabase("feedback_batched_status");
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddDbContext<FeedbackDb, PostgresFeedbackDb>(options => DatabaseSetup.UsePostgres(options, _database).AddInterceptors(_commands))
            .AddScoped<Notifier>();
        services.AddOptions<FeedbackOptions>();
        // The whole burst in one batch: it completes on its size, the time limit is only a bound.
        services.Configure<BatchSettings>(batch => (batch.MessageLimit, batch.TimeLimit) = (2 * Referrals, TimeSpan.FromSeconds(30)));
        services.AddMassTransit(bus =>
        {
            bus.ConfigureUsageTelemetryOptions(options => options.Enabled = false);
            bus.AddConsumer<ReferralStatusChangedConsumer, InboxBatchDefinition<ReferralStatusChangedConsumer>>();
            bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
        });
        _services = services.BuildServiceProvider();
        await ServiceDatabase.MigrateAsync<FeedbackDb>(_services);
        _bus = _services.GetRequiredService<IBusControl>();
        _bus.ConnectConsumeObserver(new FaultRecorder(_faults));
        await _bus.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _bus.StopAsync();
        await _services.DisposeAsync();
        await Servers.DropDatabase(_database);
    }

    [Fact]
    public async Task Twenty_status_events_are_applied_with_fewer_database_commands_than_events_and_a_redelivery_tells_nobody_twice()
    {
        var start = DateTimeOffset.UtcNow;
        var events = new List<(Guid MessageId, ReferralStatusChanged Event)>();
        for (var i = 0; i < Referrals; i++)
        {
            var (id, service, organisation, referrer) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), $"gp-batch-{i}");
            events.Add((NewId.NextGuid(), new ReferralStatusChanged(id, service, organisation, referrer, ReferralStatuses.Draft,
                ReferralStatuses.Requested, null, referrer, true, start)));
            events.Add((NewId.NextGuid(), new ReferralStatusChanged(id, service, organisation, referrer, ReferralStatuses.Requested,
                ReferralStatuses.Accepted, null, "provider-staff", true, start.AddMilliseconds(1))));
        }
        _commands.Reset();

        await Task.WhenAll(events.Select(e => _bus.Publish(e.Event, context => context.MessageId = e.MessageId)));
        await Eventually.Until(async () => !_faults.IsEmpty || await InDb(db => db.Inbox.CountAsync()) == events.Count,
            TimeSpan.FromSeconds(60), "every event to be consumed");

        Assert.Empty(_faults);
        // One at a time, each event took 7-9 commands (inbox, lock, read, activity, preferences, a key check per
        // message, save): 160 or so for these twenty.
        Assert.InRange(_commands.Count, 1, events.Count);
        Assert.Equal(Referrals, await InDb(db => db.Referrals.CountAsync(r => r.Status == ReferralStatuses.Accepted)));
        // Both events of each referral applied in the order they happened: the provider heard of the new referral too.
        var expected = new[] { "referral-requested", "referral-new", "referral-accepted", "outcomes-follow-up-due" };
        var sent = await InDb(db => db.Notifications.AsNoTracking().Select(n => n.Template).ToListAsync());
        Assert.All(expected, template => Assert.Equal(Referrals, sent.Count(t => t == template)));
        Assert.Equal(expected.Length * Referrals, sent.Count);

        // The broker hands one event over again (an outbox re-send after a crash): nothing new.
        var (againId, again) = events[1];
        await _bus.Publish(again, context => context.MessageId = againId);
        var marker = (NewId.NextGuid(), events[0].Event with { ReferralId = Guid.NewGuid(), ReferrerId = "gp-batch-marker" });
        await _bus.Publish(marker.Item2, context => context.MessageId = marker.Item1);
        await Eventually.Until(async () => !_faults.IsEmpty || await InDb(db => db.Inbox.AnyAsync(m => m.MessageId == marker.Item1)),
            TimeSpan.FromSeconds(60), "the redelivery and the event after it to be consumed");
        Assert.Empty(_faults);
        Assert.Equal(expected.Length * Referrals + 2, await InDb(db => db.Notifications.CountAsync()));
        Assert.Equal(events.Count + 1, await InDb(db => db.Inbox.CountAsync()));
    }

    // The test's own reads (the waits poll every 100 ms) go round the command counter: it counts the consumer's only.
    private async Task<T> InDb<T>(Func<FeedbackDb, Task<T>> read)
    {
        await using var db = new PostgresFeedbackDb((DbContextOptions<PostgresFeedbackDb>)
            DatabaseSetup.UsePostgres(new DbContextOptionsBuilder<PostgresFeedbackDb>(), _database).Options);
        return await read(db);
    }
}
