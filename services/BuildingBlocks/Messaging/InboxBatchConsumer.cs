using BuildingBlocks.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace BuildingBlocks.Messaging;

/// <summary>One message of a batch with the id its inbox row and any idempotency key are built from.</summary>
public sealed record Consumed<TMessage>(Guid MessageId, TMessage Message);

/// <summary>
/// The <see cref="InboxConsumer{TMessage,TDb}"/> of a busy queue: the messages the broker has handed over together
/// (<see cref="InboxBatchDefinition{TConsumer}"/> says how many and how long to wait) are applied in one transaction,
/// with one inbox read for them all and one save, so a burst costs a few round trips to the database instead of
/// several per message. Idempotent as the single consumer is: a message whose (MessageId, consumer) is in the inbox
/// is left out, the rest commit with their inbox rows or not at all. When the batch fails, MassTransit retries each
/// of its messages (a retried message is delivered at once, in a batch of what is waiting then).
/// </summary>
public abstract class InboxBatchConsumer<TMessage, TDb>(TDb db, TimeProvider clock) : IConsumer<Batch<TMessage>>
    where TMessage : class where TDb : ServiceDbContext
{
    protected TDb Db { get; } = db;
    protected TimeProvider Clock { get; } = clock;

    public async Task Consume(ConsumeContext<Batch<TMessage>> context)
    {
        var cancellationToken = context.CancellationToken;
        var consumer = GetType().Name;
        // A re-sent outbox row can arrive twice in one batch: it is applied once.
        var messages = context.Message
            .Select(m => new Consumed<TMessage>(m.MessageId ?? throw new InvalidOperationException("Message has no MessageId"), m.Message))
            .DistinctBy(m => m.MessageId).ToList();
        var ids = messages.Select(m => m.MessageId).ToList();

        // The batch is one unit: no savepoint round trips around its one save.
        Db.Database.AutoSavepointsEnabled = false;
        await using var transaction = await Db.Database.BeginTransactionAsync(cancellationToken);
        var done = await Db.Inbox.Where(m => m.Consumer == consumer && ids.Contains(m.MessageId))
            .Select(m => m.MessageId).ToListAsync(cancellationToken);
        var fresh = messages.Where(m => !done.Contains(m.MessageId)).ToList();
        var duplicates = context.Message.Length - fresh.Count;
        if (duplicates > 0) MessagingMetrics.DuplicateSkipped(consumer, duplicates);
        if (fresh.Count == 0) return;

        var freshIds = fresh.Select(m => m.MessageId).ToHashSet();
        BatchTracing.MarkEach(context.Message.Where(m => freshIds.Contains(m.MessageId!.Value)).DistinctBy(m => m.MessageId));
        await Handle(fresh, cancellationToken);
        var now = Clock.GetUtcNow();
        Db.Inbox.AddRange(fresh.Select(m => new InboxMessage(m.MessageId, consumer, now)));
        await Db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Applies the messages not consumed before, in the order they were sent; the caller saves and commits.</summary>
    protected abstract Task Handle(IReadOnlyList<Consumed<TMessage>> messages, CancellationToken cancellationToken);
}
