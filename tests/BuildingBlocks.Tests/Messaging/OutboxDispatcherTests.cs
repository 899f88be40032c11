using BuildingBlocks.Messaging;
using Microsoft.EntityFrameworkCore;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Npgsql;
using TestSupport;

namespace BuildingBlocks.Tests.Messaging;

/// <summary>
/// The outbox dispatcher over real PostgreSQL and RabbitMQ. The poll is set far longer than any wait here, so what
/// arrives was pushed: by the commit's in-process signal, or by PostgreSQL's NOTIFY from another replica.
/// </summary>
public sealed class OutboxDispatcherTests : IAsyncLifetime
{
    private static readonly TimeSpan NeverPolls = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);
    private readonly Received _received = new();
    private readonly List<OutboxService> _services = [];
    private string _database = "";
    private string _virtualHost = "";

    public async Task InitializeAsync()
    {
        _database = await OutboxService.CreateDatabase();
        _virtualHost = await Servers.CreateVirtualHost("outbox");
    }

    public async Task DisposeAsync()
    {
        foreach (var service in _services) await service.DisposeAsync();
        await Servers.DeleteVirtualHost(_virtualHost);
        await Servers.DropDatabase(_database);
    }

    private async Task<OutboxService> Replica(bool dispatch = true, Action<HostApplicationBuilder>? configure = null)
    {
        var service = await OutboxService.Start(_database, _virtualHost, _received, NeverPolls, dispatch, configure);
        _services.Add(service);
        return service;
    }

    private Task Arrived(IReadOnlyCollection<Guid> messageIds, string what) =>
        Eventually.Until(() => Task.FromResult(_received.All(messageIds)), Delivery, what);

    private static Task<int> Unsent(OutboxService service) =>
        service.InDb(db => db.Outbox.CountAsync(m => m.SentAt == null));

    [Fact]
    public async Task A_committed_event_is_published_at_once_not_at_the_next_poll()
    {
        var service = await Replica();
        // The first may go out with the dispatcher's first look at start-up; the second can only go out if pushed.
        await Arrived(await service.Commit(), "the first event");

        var second = await service.Commit();

        await Arrived(second, "the second event, long before the next poll");
        Assert.Equal(1, _received.Of(second[0]));
    }

    [Fact]
    public async Task A_commit_in_another_replica_wakes_this_dispatcher_through_postgres()
    {
        var writer = await Replica(dispatch: false); // commits only: its own in-process signal wakes nobody
        await Replica();
        await Arrived(await writer.Commit(), "the first event");

        var second = await writer.Commit();

        await Arrived(second, "the second event, woken by NOTIFY");
    }

    [Fact]
    public async Task Two_dispatchers_publish_a_stream_of_commits_exactly_once_each_and_leave_no_claim_on_pooled_connections()
    {
        var first = await Replica();
        var second = await Replica();
        var committed = new List<Guid>();
        for (var i = 0; i < 30; i++) committed.AddRange(await (i % 2 == 0 ? first : second).Commit(count: 10));

        await Arrived(committed, "all 300 events");
        await Eventually.Until(async () => await Unsent(first) == 0, Delivery, "every row marked sent");

        Assert.All(committed, id => Assert.Equal(1, _received.Of(id)));
        // The pool does not reset sessions (DatabaseSetup.ForShortQueries): the dispatchers release their claims themselves.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_database) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var locks = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            connection);
        Assert.Equal(0L, (long)(await locks.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Rows_claimed_by_a_dispatcher_that_died_before_marking_them_are_published_by_another()
    {
        var survivor = await Replica(dispatch: false); // driven by hand below, so every step is deterministic
        var committed = await survivor.Commit(count: 5);

        // A dispatcher claims the batch and dies before marking it: its own connection, closed for good.
        var dying = new NpgsqlConnectionStringBuilder(_database) { Pooling = false }.ConnectionString;
        await using (var db = new PostgresOutboxTestDb((DbContextOptions<PostgresOutboxTestDb>)
                         BuildingBlocks.Persistence.DatabaseSetup.UsePostgres(new DbContextOptionsBuilder<PostgresOutboxTestDb>(), dying).Options))
        {
            await db.Database.OpenConnectionAsync();
            Assert.Equal(5, (await OutboxDispatcher<OutboxTestDb>.Claim(db, 100, default)).Count);

            Assert.Equal(0, await survivor.Dispatcher.DispatchBatch(default)); // claimed: not another's to send
            Assert.Equal(5, await Unsent(survivor));
        }

        // The server ends the dead session (and frees its locks) a moment after the client closed it: on a loaded
        // machine the first claim may still find the rows locked.
        var published = 0;
        await Eventually.Until(async () => (published += await survivor.Dispatcher.DispatchBatch(default)) >= 5, Delivery,
            "the dead dispatcher's rows claimed once its session ended");
        Assert.Equal(5, published);
        await Arrived(committed, "the dead dispatcher's rows");
        Assert.All(committed, id => Assert.Equal(1, _received.Of(id)));
        Assert.Equal(0, await Unsent(survivor));
    }

    [Fact]
    public async Task A_publish_the_broker_never_confirms_is_given_up_on_and_sent_again_not_left_to_hold_every_later_event()
    {
        var service = await Replica(configure: builder =>
        {
            builder.Configuration["Outbox:PublishTimeout"] = "00:00:01";
            builder.Services.AddPublishObserver<FirstPublishNeverConfirmed>();
        });

        var committed = await service.Commit(count: 3);

        await Arrived(committed, "the events, the first of them after its unconfirmed publish was given up on");
        await Eventually.Until(async () => await Unsent(service) == 0, Delivery, "every row marked sent");
        Assert.All(committed, id => Assert.Equal(1, _received.Of(id)));
        // The batch marked the two confirmed rows sent and recorded the failed attempt on the third.
        var failed = await service.InDb(db => db.Outbox.AsNoTracking().Where(m => m.Attempts > 0).ToListAsync());
        Assert.Equal([(1, true)], failed.Select(m => (m.Attempts, m.LastError!.Contains("did not confirm"))));
    }

    /// <summary>Holds the first publish for ever, as a confirm lost in a broker restart does; later ones go through.</summary>
    private sealed class FirstPublishNeverConfirmed : IPublishObserver
    {
        private int _publishes;

        public Task PrePublish<T>(PublishContext<T> context) where T : class =>
            Interlocked.Increment(ref _publishes) == 1 ? new TaskCompletionSource().Task : Task.CompletedTask;

        public Task PostPublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

        public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }
}
