using System.Collections.Concurrent;
using BuildingBlocks.Messaging;
using BuildingBlocks.Persistence;
using Contracts.Referrals;
using Feedback.Tests.Support;
using FeedbackService.Consumers;
using FeedbackService.Data;
using FeedbackService.Notifications;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;

namespace Feedback.Tests.Consumers;

/// <summary>
/// A referral's "requested", consent and "accepted" events arrive together and are consumed at the same time, each
/// wanting to create the referral's read-model row. On real PostgreSQL, with no retry to hide a failure, every one
/// applies first time: the row is found or added under a per-referral lock, never inserted twice. Status and consent
/// events are consumed in small batches, four at once, so batches that share referrals take their locks at the same time.
/// </summary>
public sealed class ConcurrentConsumptionTests : IAsyncLifetime
{
    private const int Referrals = 30;
    private readonly ConcurrentBag<string> _faults = [];
    private string _database = "";
    private ServiceProvider _services = null!;
    private IBusControl _bus = null!;

    public async Task InitializeAsync()
    {
        _database = await Servers.CreateDatabase("feedback_concurrent_consumers");
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddDbContext<FeedbackDb, PostgresFeedbackDb>(options => DatabaseSetup.UsePostgres(options, _database))
            .AddScoped<Notifier>();
        services.AddOptions<FeedbackOptions>();
        services.Configure<BatchSettings>(batch => (batch.MessageLimit, batch.ConcurrencyLimit) = (4, 4));
        // The in-memory transport with no retry: a consumer that fails once is a fault here, not a quiet second try.
        services.AddMassTransit(bus =>
        {
            bus.ConfigureUsageTelemetryOptions(options => options.Enabled = false);
            bus.AddConsumer<ReferralStatusChangedConsumer, InboxBatchDefinition<ReferralStatusChangedConsumer>>();
            bus.AddConsumer<ReferralConsentChangedConsumer, InboxBatchDefinition<ReferralConsentChangedConsumer>>();
            bus.UsingInMemory((context, cfg) =>
            {
                cfg.ConcurrentMessageLimit = 16;
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
    }

    [Fact]
    public async Task Requested_consent_and_accepted_for_one_referral_consumed_together_all_apply_first_time()
    {
        var start = DateTimeOffset.UtcNow;
        var events = new List<object>();
        for (var i = 0; i < Referrals; i++)
        {
            var (id, service, organisation, referrer) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), $"gp-{i}");
            events.Add(new ReferralStatusChanged(id, service, organisation, referrer, ReferralStatuses.Draft, ReferralStatuses.Requested,
                null, referrer, true, start));
            events.Add(new ReferralConsentChanged(id, true, true, false, true, "Pat", $"pat{i}@example.org", null, start.AddMilliseconds(1)));
            events.Add(new ReferralStatusChanged(id, service, organisation, referrer, ReferralStatuses.Requested, ReferralStatuses.Accepted,
                null, "provider-staff", true, start.AddMilliseconds(2)));
        }

        await Task.WhenAll(events.Select(e => _bus.Publish(e)));

        await Eventually.Until(async () => !_faults.IsEmpty || await InDb(db => db.Inbox.CountAsync()) == events.Count,
            TimeSpan.FromSeconds(60), "every event to be consumed");
        Assert.Empty(_faults);
        Assert.Equal(Referrals, await InDb(db => db.Referrals.CountAsync(r => r.Status == ReferralStatuses.Accepted)));
    }

    private async Task<T> InDb<T>(Func<FeedbackDb, Task<T>> read)
    {
        await using var scope = _services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<FeedbackDb>());
    }
}
