using BuildingBlocks.Messaging;
using BuildingBlocks.Persistence;
using BuildingBlocks.Tests.Messaging;
using Contracts.Feedback;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BuildingBlocks.Tests.Persistence;

/// <summary>
/// A worker is woken only once the rows it sends are committed: never by a save inside a transaction that has not
/// committed yet (it would look, find nothing and sleep until the poll), never by one that rolled back.
/// </summary>
public sealed class CommitSignalTests : IAsyncLifetime
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly CommitSignals<OutboxTestDb> _signals = new();
    private WakeSignal _outbox = null!;

    public async Task InitializeAsync()
    {
        await _connection.OpenAsync();
        _outbox = _signals.For<OutboxMessage>();
        await using var db = Db();
        await db.Database.EnsureCreatedAsync();
    }

    public async Task DisposeAsync() => await _connection.DisposeAsync();

    private SqliteOutboxTestDb Db() => new(new DbContextOptionsBuilder<SqliteOutboxTestDb>()
        .UseSqlite(_connection).UseSnakeCaseNamingConvention()
        .AddInterceptors(new CommitSignalInterceptor<OutboxTestDb>(_signals)).Options);

    private static void PublishOne(OutboxTestDb db) =>
        db.Publish(new OutcomeRecorded(Guid.NewGuid(), "baseline", null, null, DateTimeOffset.UtcNow), DateTimeOffset.UtcNow);

    private Task<bool> Woken() => _outbox.WaitAsync(TimeSpan.Zero, TimeProvider.System, default);

    [Fact]
    public async Task A_save_on_its_own_wakes_the_outbox_once_committed_and_a_save_without_events_does_not()
    {
        await using var db = Db();
        PublishOne(db);
        await db.SaveChangesAsync();
        Assert.True(await Woken());

        db.Inbox.Add(new InboxMessage(Guid.NewGuid(), "SomeConsumer", DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
        Assert.False(await Woken());
    }

    [Fact]
    public async Task Inside_a_transaction_the_outbox_is_woken_at_the_commit_not_at_the_save()
    {
        await using var db = Db();
        await using var transaction = await db.Database.BeginTransactionAsync();
        PublishOne(db);
        await db.SaveChangesAsync();
        Assert.False(await Woken());

        await transaction.CommitAsync();
        Assert.True(await Woken());
    }

    [Fact]
    public async Task A_rolled_back_transaction_wakes_nobody_then_or_later()
    {
        await using var db = Db();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            PublishOne(db);
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }
        db.ChangeTracker.Clear();
        db.Inbox.Add(new InboxMessage(Guid.NewGuid(), "SomeConsumer", DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();

        Assert.False(await Woken());
    }
}
