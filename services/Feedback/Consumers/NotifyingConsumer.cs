using BuildingBlocks.Messaging;
using FeedbackService.Data;

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
