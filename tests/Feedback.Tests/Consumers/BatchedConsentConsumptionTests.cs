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
/// Every referral request sends a consent event, so Feedback's consent queue is consumed in batches like the status
/// queue (docs/RELIABILITY.md): what arrived together is applied in one transaction, oldest change first, so the later
/// of two changes to one referral stands whichever the broker handed over first, and a withdrawal still cancels what
/// was waiting to go, in the same batch. Over real PostgreSQL and RabbitMQ, with no retry to hide a fault.
/// </summary>
public sealed class BatchedConsentConsumptionTests : IAsyncLifetime
{
    private const int NewReferrals = 10;
    // Two changes each for two referrals, one per new referral, and one event the broker hands over twice.
    private const int Deliveries = 4 + NewReferrals + 1;
    private readonly ConcurrentBag<string> _faults = [];
    private readonly CommandCounter _commands = new();
    private string _database = "", _virtualHost = "";
    private ServiceProvider _services = null!;
    private IBusControl _bus = null!;

    public async Task InitializeAsync()
    {
        _database = await Servers.CreateDatabase("feedback_batched_consent");
        _virtualHost = await Servers.CreateVirtualHost("feedback-batched-consent");
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddDbContext<FeedbackDb, PostgresFeedbackDb>(options => DatabaseSetup.UsePostgres(options, _database).AddInterceptors(_commands))
            .AddScoped<Notifier>();
        services.AddOptions<FeedbackOptions>();
        // The whole burst in one batch: it completes on its size; the time limit bounds the lone redelivery's batch.
        services.Configure<BatchSettings>(batch => (batch.MessageLimit, batch.TimeLimit) = (Deliveries, TimeSpan.FromSeconds(10)));
        services.AddMassTransit(bus =>
        {
            bus.ConfigureUsageTelemetryOptions(options => options.Enabled = false);
            bus.AddConsumer<ReferralConsentChangedConsumer, InboxBatchDefinition<ReferralConsentChangedConsumer>>();
            bus.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host("127.0.0.1", _virtualHost, host =>
                {
                    host.Username("guest");
                    host.Password("guest");
                });
                cfg.ConfigureEndpoints(context);
            });
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
        await Servers.DeleteVirtualHost(_virtualHost);
    }

    private static ReferralConsentChanged Consent(Guid referralId, DateTimeOffset at, string? email) =>
        new(referralId, ShareWithProvider: true, ShareOutcomesWithReferrer: true, ContactBySms: false, ContactByEmail: email is not null,
            "Pat", email, null, at);

    [Fact]
    public async Task Two_changes_to_one_referral_handed_over_newest_first_leave_the_later_standing_and_a_withdrawal_cancels_at_once()
    {
        // Whole seconds, so that times read back from PostgreSQL (microseconds) compare equal.
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600);
        // Accepted before the batch, with no consent heard yet: granting email would send the acceptance message to it.
        var granted = Guid.NewGuid();
        // Accepted, email consented, its acceptance message waiting to go to the old address.
        var moved = Guid.NewGuid();
        var waiting = await Seed(granted, moved, start);

        var batch = new List<(Guid MessageId, ReferralConsentChanged Event)>
        {
            // Handed over newest first: the withdrawal, then the grant it withdraws.
            (NewId.NextGuid(), Consent(granted, start.AddMinutes(2), email: null)),
            (NewId.NextGuid(), Consent(granted, start.AddMinutes(1), "granted@example.org")),
            // The new address, then the withdrawal of the old one that came before it.
            (NewId.NextGuid(), Consent(moved, start.AddMinutes(2), "new@example.org")),
            (NewId.NextGuid(), Consent(moved, start.AddMinutes(1), email: null)),
        };
        for (var i = 0; i < NewReferrals; i++)
            batch.Add((NewId.NextGuid(), Consent(Guid.NewGuid(), start.AddMinutes(3), $"person{i}@example.org")));
        batch.Add(batch[^1]); // an outbox re-send arriving in the same batch
        Assert.Equal(Deliveries, batch.Count);
        _commands.Reset();

        // One after another, so the broker hands them over in this order.
        foreach (var (messageId, message) in batch) await _bus.Publish(message, context => context.MessageId = messageId);
        await Eventually.Until(async () => !_faults.IsEmpty || await InDb(db => db.Inbox.CountAsync()) == Deliveries - 1,
            TimeSpan.FromSeconds(60), "every event to be consumed");

        Assert.Empty(_faults);
        // One at a time each event took 5 or more commands (inbox, lock, read, save, commit; more for a withdrawal).
        Assert.InRange(_commands.Count, 1, Deliveries - 1);
        var referrals = await InDb(db => db.Referrals.AsNoTracking().ToDictionaryAsync(r => r.Id));
        Assert.Equal(2 + NewReferrals, referrals.Count);
        // The withdrawal is later than the grant: no address is held, and the message the grant would have sent was
        // cancelled before it could go.
        Assert.Equal(((DateTimeOffset?)start.AddMinutes(2), (string?)null), (referrals[granted].ConsentChangedAt, referrals[granted].ContactEmail));
        Assert.Equal(DeliveryStatus.Cancelled, Assert.Single(await Notifications(granted)).Status);
        // The new address is later than the withdrawal: it stands, and the message waiting for the withdrawn address
        // was cancelled (applied in the order handed over, the withdrawal would have been refused as older and the
        // message sent to the old address).
        Assert.Equal(((DateTimeOffset?)start.AddMinutes(2), (string?)"new@example.org"), (referrals[moved].ConsentChangedAt, referrals[moved].ContactEmail));
        Assert.Equal(DeliveryStatus.Cancelled, (await Notifications(moved)).Single(n => n.Id == waiting).Status);
        Assert.All(batch.Skip(4).Take(NewReferrals), e => Assert.Equal(e.Event.Email, referrals[e.Event.ReferralId].ContactEmail));

        // The broker hands the grant over again, after the withdrawal (an outbox re-send after a crash): nothing changes.
        var notificationsBefore = await InDb(db => db.Notifications.CountAsync());
        var (againId, again) = batch[1];
        await _bus.Publish(again, context => context.MessageId = againId);
        var marker = (Id: NewId.NextGuid(), Event: Consent(Guid.NewGuid(), start.AddMinutes(4), null));
        await _bus.Publish(marker.Event, context => context.MessageId = marker.Id);
        await Eventually.Until(async () => !_faults.IsEmpty || await InDb(db => db.Inbox.AnyAsync(m => m.MessageId == marker.Id)),
            TimeSpan.FromSeconds(60), "the redelivery and the event after it to be consumed");
        Assert.Empty(_faults);
        Assert.Equal(Deliveries, await InDb(db => db.Inbox.CountAsync()));
        Assert.Null(await InDb(db => db.Referrals.Where(r => r.Id == granted).Select(r => r.ContactEmail).SingleAsync()));
        Assert.Equal(notificationsBefore, await InDb(db => db.Notifications.CountAsync()));
    }

    /// <summary>Two accepted referrals; the second with email consent and its acceptance message pending. Returns that message's id.</summary>
    private async Task<Guid> Seed(Guid granted, Guid moved, DateTimeOffset start)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedbackDb>();
        foreach (var id in new[] { granted, moved })
        {
            var referral = new FeedbackService.Domain.Referral(id);
            referral.Apply(new ReferralStatusChanged(id, Guid.NewGuid(), Guid.NewGuid(), $"gp-{id:N}", ReferralStatuses.Requested,
                ReferralStatuses.Accepted, null, "provider-staff", true, start));
            db.Referrals.Add(referral);
        }
        var withEmail = db.Referrals.Local.Single(r => r.Id == moved);
        Assert.True(withEmail.ApplyConsent(Consent(moved, start, "old@example.org"), out _));
        var person = Notifier.Person(moved);
        var message = new Notification($"accepted:{moved}|{person}|person-accepted|{Channels.Email}", person,
            Channels.Email, "old@example.org", "person-accepted", moved, "Accepted", "Your referral was accepted.", start);
        db.Notifications.Add(message);
        await db.SaveChangesAsync();
        return message.Id;
    }

    private Task<List<Notification>> Notifications(Guid referralId) =>
        InDb(db => db.Notifications.AsNoTracking().Where(n => n.ReferralId == referralId).ToListAsync());

    // The test's own reads go round the command counter: it counts the consumer's commands only.
    private async Task<T> InDb<T>(Func<FeedbackDb, Task<T>> read)
    {
        await using var db = new PostgresFeedbackDb((DbContextOptions<PostgresFeedbackDb>)
            DatabaseSetup.UsePostgres(new DbContextOptionsBuilder<PostgresFeedbackDb>(), _database).Options);
        return await read(db);
    }
}
