using BuildingBlocks.Persistence;
using Feedback.Tests.Support;
using FeedbackService.Data;
using FeedbackService.Domain;
using FeedbackService.Notifications;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Feedback.Tests.Notifications;

/// <summary>The delivery worker on a real (SQLite, in-memory) database with a scripted channel and a fake clock.</summary>
public sealed class DeliveryWorkerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero));
    private readonly ScriptedChannel _channel = new();
    private readonly CapturingLogger _log = new();
    private readonly BusyAfterSends _busy;
    private InMemoryFeedbackDb _feedback = null!;
    private ServiceProvider _services = null!;
    private DeliveryWorker _worker = null!;

    public DeliveryWorkerTests() => _busy = new BusyAfterSends(_channel);

    public async Task InitializeAsync()
    {
        _feedback = await InMemoryFeedbackDb.Start(_clock, new FeedbackOptions { DigestHourUtc = 8, Delivery = { Concurrency = 2 } }, _busy,
            services => services.AddSingleton<INotificationChannel>(_channel));
        _services = _feedback.Services;
        _worker = NewWorker();
    }

    public Task DisposeAsync() => _feedback.DisposeAsync().AsTask();

    private async Task Notify(string source, string userId, string? email, bool digest)
    {
        await using var scope = _services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedbackDb>();
        if (await db.Preferences.FindAsync(userId) is null)
        {
            var preferences = new UserPreferences(userId);
            preferences.Update(email, null, [Channels.Email], digest);
            db.Preferences.Add(preferences);
            await db.SaveChangesAsync();
        }
        await scope.ServiceProvider.GetRequiredService<Notifier>()
            .ToUser(source, userId, Templates.StatusChangedForReferrer(Guid.NewGuid(), "accepted", "Lunch Club", null), default);
        await db.SaveChangesAsync();
    }

    private async Task<Notification> Row(string source)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FeedbackDb>().Notifications.AsNoTracking().SingleAsync(n => n.IdempotencyKey.StartsWith(source));
    }

    [Fact]
    public async Task A_transient_failure_is_retried_after_the_backoff_and_then_marked_sent()
    {
        await Notify("event-1", "gp-1", "gp1@example.org", digest: false);
        _channel.FailNext(permanent: false);

        await _worker.DeliverBatch(default);
        Assert.Equal((DeliveryStatus.Pending, 1), ((await Row("event-1")).Status, (await Row("event-1")).Attempts));

        await _worker.DeliverBatch(default); // not due yet: nothing is sent
        Assert.Empty(_channel.Sent);

        _clock.Advance(TimeSpan.FromSeconds(2));
        await _worker.DeliverBatch(default);
        Assert.Single(_channel.Sent);
        Assert.Equal(DeliveryStatus.Sent, (await Row("event-1")).Status);
    }

    [Fact]
    public async Task What_was_sent_is_recorded_through_a_busy_database_and_not_sent_again_when_the_lease_runs_out()
    {
        await Notify("event-7", "gp-7", "gp7@example.org", digest: false);
        _busy.FailuresLeft = 3;

        var delivering = _worker.DeliverBatch(default);
        while (!delivering.IsCompleted)
        {
            _clock.Advance(TimeSpan.FromSeconds(1)); // the worker's backoff waits on this clock
            await Task.Delay(10);
        }
        await delivering;

        Assert.Equal(0, _busy.FailuresLeft);
        Assert.Equal(DeliveryStatus.Sent, (await Row("event-7")).Status);
        _clock.Advance(TimeSpan.FromMinutes(5)); // past the lease
        await _worker.DeliverBatch(default);
        Assert.Single(_channel.Sent);
    }

    [Fact]
    public async Task A_crash_mid_batch_leaves_the_sends_in_flight_unconfirmed_and_never_sends_them_twice()
    {
        for (var i = 0; i < 6; i++) await Notify($"event-8-{i}", $"gp-8-{i}", $"gp8{i}@example.org", digest: false);
        var gate = _channel.HoldSendsAfter(3);

        var crashed = _worker.DeliverBatch(default);
        await gate.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30)); // both lanes are now inside a send
        Assert.Equal(3, (await Statuses("event-8-")).Count(s => s == DeliveryStatus.Sent)); // each recorded as its send returned

        // The worker is gone (its two sends never return); another takes over once the lease has run out.
        _channel.Unhold();
        _clock.Advance(TimeSpan.FromMinutes(3));
        await NewWorker().DeliverBatch(default);

        var statuses = await Statuses("event-8-");
        Assert.Equal(4, statuses.Count(s => s == DeliveryStatus.Sent)); // the sixth, claimed but never begun, went
        Assert.Equal(2, statuses.Count(s => s == DeliveryStatus.Unconfirmed)); // the two in flight may have gone: not again
        Assert.Equal(4, _channel.Sent.Count);
        _clock.Advance(TimeSpan.FromHours(1));
        await NewWorker().DeliverBatch(default);
        Assert.Equal(4, _channel.Sent.Count);

        gate.Release.SetResult(); // the first worker's sends return after all, and are recorded as sent
        await crashed;
        Assert.Equal(6, (await Statuses("event-8-")).Count(s => s == DeliveryStatus.Sent));
    }

    [Fact]
    public async Task A_message_whose_receiver_tells_repeats_apart_is_sent_again_after_a_crash()
    {
        _channel.TellsRepeatsApart = true;
        for (var i = 0; i < 3; i++) await Notify($"event-9-{i}", $"gp-9-{i}", $"gp9{i}@example.org", digest: false);
        var gate = _channel.HoldSendsAfter(1);

        var crashed = _worker.DeliverBatch(default);
        await gate.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        _channel.Unhold();
        _clock.Advance(TimeSpan.FromMinutes(3));
        await NewWorker().DeliverBatch(default);

        Assert.All(await Statuses("event-9-"), s => Assert.Equal(DeliveryStatus.Sent, s));
        Assert.Equal(3, _channel.Sent.Count);
        gate.Release.SetResult();
        await crashed;
        Assert.Equal(5, _channel.Sent.Count); // the two in flight went twice: the receiver drops the repeats by their id
    }

    private DeliveryWorker NewWorker() => new(_services.GetRequiredService<IServiceScopeFactory>(),
        _services.GetRequiredService<IOptions<FeedbackOptions>>(), new CommitSignals<FeedbackDb>(), _clock, _log);

    private async Task<List<string>> Statuses(string source)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FeedbackDb>().Notifications.AsNoTracking()
            .Where(n => n.IdempotencyKey.StartsWith(source)).Select(n => n.Status).ToListAsync();
    }

    [Fact]
    public async Task A_permanent_failure_is_recorded_and_never_retried()
    {
        await Notify("event-2", "gp-2", "gp2@example.org", digest: false);
        _channel.FailNext(permanent: true);

        await _worker.DeliverBatch(default);
        _clock.Advance(TimeSpan.FromHours(1));
        await _worker.DeliverBatch(default);

        var row = await Row("event-2");
        Assert.Equal(DeliveryStatus.Failed, row.Status);
        Assert.Equal("scripted failure", row.LastError);
        Assert.Empty(_channel.Sent);
    }

    [Fact]
    public async Task The_same_source_event_notified_twice_makes_one_row_and_one_send()
    {
        await Notify("event-3", "gp-3", "gp3@example.org", digest: false);
        await Notify("event-3", "gp-3", "gp3@example.org", digest: false);

        await _worker.DeliverBatch(default);
        await _worker.DeliverBatch(default);

        Assert.Single(_channel.Sent);
    }

    [Fact]
    public async Task Digest_messages_wait_for_the_digest_hour_and_go_as_one_email()
    {
        await Notify("event-4", "gp-4", "gp4@example.org", digest: true);
        await Notify("event-5", "gp-4", "gp4@example.org", digest: true);

        await _worker.DeliverBatch(default);
        Assert.Empty(_channel.Sent);

        _clock.Advance(TimeSpan.FromHours(23)); // past 08:00 the next day
        await _worker.DeliverBatch(default);

        var digest = Assert.Single(_channel.Sent);
        Assert.Equal("gp4@example.org", digest.Address);
        Assert.Contains("2 things have changed", digest.Subject);
        Assert.Equal(DeliveryStatus.Sent, (await Row("event-4")).Status);
        Assert.Equal(DeliveryStatus.Sent, (await Row("event-5")).Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_failure_that_quotes_the_address_keeps_it_for_admins_on_the_row_and_out_of_the_log(bool unexpected)
    {
        const string address = "pat.jones.1952@example.org";
        await Notify($"event-6-{unexpected}", "gp-6", address, digest: false);
        var refusal = $"550 5.1.1 <{address}>: Recipient address rejected";
        _channel.FailNext(permanent: true, unexpected ? new InvalidOperationException(refusal) : new DeliveryFailedException(refusal, true));

        await _worker.DeliverBatch(default);

        Assert.Contains(address, (await Row($"event-6-{unexpected}")).LastError);
        var warning = Assert.Single(_log.Entries);
        Assert.Contains("failed", warning);
        Assert.DoesNotContain(address, warning);
    }

    private sealed class CapturingLogger : ILogger<DeliveryWorker>
    {
        public List<string> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add($"{formatter(state, exception)} {exception}");
    }

    /// <summary>The database answers "busy" to the next saves once something has been sent: as during a restart.</summary>
    private sealed class BusyAfterSends(ScriptedChannel channel) : SaveChangesInterceptor
    {
        public int FailuresLeft { get; set; }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (channel.Sent.Count > 0 && FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new SqliteException("database is locked", 5);
            }
            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }

    private sealed class ScriptedChannel : INotificationChannel
    {
        private Exception? _failure;
        private (int After, SendGate Gate)? _hold;
        public List<OutgoingMessage> Sent { get; } = [];

        /// <summary>Sends beyond the first <paramref name="sends"/> wait at the gate; it is reached when every lane waits there.</summary>
        public SendGate HoldSendsAfter(int sends)
        {
            var gate = new SendGate();
            _hold = (sends, gate);
            return gate;
        }

        public void FailNext(bool permanent, Exception? failure = null) =>
            _failure = failure ?? new DeliveryFailedException("scripted failure", permanent);

        public bool Handles(string channel) => true;

        public bool TellsRepeatsApart { get; set; }

        /// <summary>Later sends pass the gate (the lanes already waiting at it stay there).</summary>
        public void Unhold() => _hold = null;

        public async Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
        {
            if (_failure is { } failure)
            {
                _failure = null;
                throw failure;
            }
            if (_hold is { } hold && hold.Gate.MustWait(hold.After))
                await hold.Gate.Release.Task;
            lock (Sent) Sent.Add(message);
        }
    }

    private sealed class SendGate
    {
        private const int Lanes = 2;
        private int _passed;
        private int _waiting;
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool MustWait(int after)
        {
            lock (this)
            {
                if (_passed < after)
                {
                    _passed++;
                    return false;
                }
                if (++_waiting == Lanes) Reached.SetResult();
                return true;
            }
        }
    }
}
