using BuildingBlocks.Messaging;
using FeedbackService.Data;
using FeedbackService.Notifications;

namespace FeedbackService.Consumers;

/// <summary>
/// An inbox consumer whose event's MessageId is the source part of each notification's idempotency key: a
/// redelivered or replayed event (same MessageId) can never create a second message.
/// </summary>
public abstract class NotifyingConsumer<TMessage>(FeedbackDb db, TimeProvider clock)
    : InboxConsumer<TMessage, FeedbackDb>(db, clock) where TMessage : class
{
    protected string Source => MessageId.ToString();
}

/// <summary>
/// The batch form of <see cref="NotifyingConsumer{TMessage}"/>, for a busy queue: the preferences of everyone the batch
/// tells are read in one query before it is applied, and every message's idempotency key is checked in one query after.
/// </summary>
public abstract class NotifyingBatchConsumer<TMessage>(FeedbackDb db, TimeProvider clock, Notifier notifier)
    : InboxBatchConsumer<TMessage, FeedbackDb>(db, clock) where TMessage : class
{
    protected Notifier Notifier { get; } = notifier;

    protected sealed override async Task Handle(IReadOnlyList<Consumed<TMessage>> messages, CancellationToken cancellationToken)
    {
        await Notifier.ReadAhead(UsersTold(messages.Select(m => m.Message)), cancellationToken);
        await Apply(messages, cancellationToken);
        await Notifier.DropAlreadyNotified(cancellationToken);
    }

    /// <summary>The signed-in users the batch may tell (their preferences are read ahead).</summary>
    protected abstract IEnumerable<string> UsersTold(IEnumerable<TMessage> messages);

    /// <summary>Applies the batch; a message's MessageId is the source part of each of its notifications' keys.</summary>
    protected abstract Task Apply(IReadOnlyList<Consumed<TMessage>> messages, CancellationToken cancellationToken);
}
