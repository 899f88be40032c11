using System.Diagnostics;
using BuildingBlocks.Hosting;
using BuildingBlocks.Persistence;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace BuildingBlocks.Messaging;

/// <summary>
/// An idempotent consumer: the handler's changes, any events it publishes and the inbox row commit together,
/// so a redelivered message (same MessageId) is skipped and a crash before commit leaves no trace.
/// </summary>
public abstract class InboxConsumer<TMessage, TDb>(TDb db, TimeProvider clock) : IConsumer<TMessage>
    where TMessage : class where TDb : ServiceDbContext
{
    protected TDb Db { get; } = db;
    protected TimeProvider Clock { get; } = clock;
    /// <summary>The message being handled: the same for every redelivery of it, so a key built from it is idempotent.</summary>
    protected Guid MessageId { get; private set; }

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = MessageId = context.MessageId ?? throw new InvalidOperationException("Message has no MessageId");
        var consumer = GetType().Name;

        // The message is one unit (a failure rolls it all back and MassTransit retries it): SaveChanges needs no
        // savepoint inside the transaction, which would cost two more round trips to the database.
        Db.Database.AutoSavepointsEnabled = false;
        await using var transaction = await Db.Database.BeginTransactionAsync(context.CancellationToken);
        Activity.Current.TagReferral(context.Message);
        if (await Db.Inbox.AnyAsync(m => m.MessageId == messageId && m.Consumer == consumer, context.CancellationToken))
        {
            MessagingMetrics.DuplicateSkipped(consumer);
            return;
        }

        await Handle(context.Message, context.CancellationToken);
        Db.Inbox.Add(new InboxMessage(messageId, consumer, Clock.GetUtcNow()));
        await Db.SaveChangesAsync(context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
    }

    protected abstract Task Handle(TMessage message, CancellationToken cancellationToken);
}
