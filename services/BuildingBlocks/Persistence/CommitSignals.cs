using System.Collections.Concurrent;
using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BuildingBlocks.Persistence;

/// <summary>
/// Wakes a background worker when it has work. Pulses that come while the worker is busy fold into one, so a
/// wake-up is never lost and never piles up; the timeout is the worker's safety-net poll.
/// </summary>
public sealed class WakeSignal
{
    private readonly Channel<bool> _pulses = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Pulse() => _pulses.Writer.TryWrite(true);

    /// <summary>True when pulsed; false when <paramref name="timeout"/> passed or the worker is stopping.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (_pulses.Reader.TryRead(out _)) return true;
        using var timer = new CancellationTokenSource(timeout, clock);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            await _pulses.Reader.WaitToReadAsync(either.Token);
            return _pulses.Reader.TryRead(out _);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

/// <summary>
/// A kind of row a worker acts on, some of which need nothing of it when they are added (an in-app message is
/// delivered by its commit): those do not wake the worker, though they still reach every watcher.
/// </summary>
public interface IWorkerRow
{
    bool NeedsWorker { get; }
}

/// <summary>
/// The wake-ups of one service's background workers, one per kind of row a worker sends (outbox messages,
/// notifications). <see cref="CommitSignalInterceptor{TDb}"/> pulses a kind's signal once a transaction that added
/// such rows has committed, so a worker sends them at once instead of at its next poll.
/// </summary>
public sealed class CommitSignals<TDb> where TDb : ServiceDbContext
{
    private readonly ConcurrentDictionary<Type, WakeSignal> _signals = new();
    private readonly ConcurrentDictionary<Type, WakeSignal[]> _watchers = new();

    /// <summary>The signal for rows of <typeparamref name="TEntity"/>; the one worker that sends them asks for it when it is created.</summary>
    public WakeSignal For<TEntity>() where TEntity : class => _signals.GetOrAdd(typeof(TEntity), _ => new WakeSignal());

    /// <summary>A signal of its own for one more listener to commits of <typeparamref name="TEntity"/> rows (a worker's is <see cref="For{TEntity}"/>).</summary>
    public WakeSignal Watch<TEntity>() where TEntity : class
    {
        var signal = new WakeSignal();
        _watchers.AddOrUpdate(typeof(TEntity), _ => [signal], (_, signals) => [.. signals, signal]);
        return signal;
    }

    /// <summary>The worker's signal (unless the row needs nothing of it) and every watcher's, for an added row.</summary>
    internal IEnumerable<WakeSignal> Find(object row) =>
        (row is not IWorkerRow { NeedsWorker: false } && _signals.TryGetValue(row.GetType(), out var signal) ? [signal] : Array.Empty<WakeSignal>())
        .Concat(_watchers.GetValueOrDefault(row.GetType()) ?? []);

    internal bool IsEmpty => _signals.IsEmpty && _watchers.IsEmpty;
}

/// <summary>
/// Notes, as SaveChanges starts, which watched kinds of row it adds, and pulses their signals after the commit: at
/// the end of SaveChanges when it ran its own transaction (or none), at the commit of the caller's transaction
/// otherwise. A rollback drops them. Pulsing too often costs a worker one empty read; pulsing before the commit
/// would let it look before the rows are visible, so it never does.
/// </summary>
public sealed class CommitSignalInterceptor<TDb>(CommitSignals<TDb> signals) : ISaveChangesInterceptor, IDbTransactionInterceptor
    where TDb : ServiceDbContext
{
    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        NoteAddedRows(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        NoteAddedRows(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        PulseIfCommitted(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        PulseIfCommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => ForgetIfNoTransaction(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ForgetIfNoTransaction(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Pulse(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Pulse(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Forget(eventData.Context);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void NoteAddedRows(DbContext? context)
    {
        if (context is not ServiceDbContext db || signals.IsEmpty) return;
        // Added is set by Add itself, so the entries need no change detection (SaveChanges runs it anyway).
        var tracker = db.ChangeTracker;
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var entry in tracker.Entries())
                if (entry.State == EntityState.Added)
                    foreach (var signal in signals.Find(entry.Entity))
                        db.SignalsAwaitingCommit.Add(signal);
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
    }

    private static void PulseIfCommitted(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null) Pulse(context);
    }

    private static void ForgetIfNoTransaction(DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null) Forget(context);
    }

    private static void Pulse(DbContext? context)
    {
        if (context is not ServiceDbContext { SignalsAwaitingCommit.Count: > 0 } db) return;
        foreach (var signal in db.SignalsAwaitingCommit) signal.Pulse();
        db.SignalsAwaitingCommit.Clear();
    }

    private static void Forget(DbContext? context)
    {
        if (context is ServiceDbContext db) db.SignalsAwaitingCommit.Clear();
    }
}
