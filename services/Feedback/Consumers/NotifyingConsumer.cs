using BuildingBlocks.Messaging;
using FeedbackService.Data;
using MassTransit;

namespace FeedbackService.Consumers;

/// <summary>
/// An inbox consumer that also knows the event's MessageId, the source part of each notification's idempotency
/// key: a redelivered or replayed event (same MessageId) can never create a second message.
/// </summary>
public abstract class NotifyingConsumer<TMessage>(FeedbackDb db, TimeProvider clock)
    : InboxConsumer<TMessage, FeedbackDb>(db, clock), IConsumer<TMessage> where TMessage : class
{
    protected string Source { get; private set; } = "";

    Task IConsumer<TMessage>.Consume(ConsumeContext<TMessage> context)
    {
        Source = (context.MessageId ?? throw new InvalidOperationException("Message has no MessageId")).ToString();
        return Consume(context);
    }
}
