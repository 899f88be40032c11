namespace BuildingBlocks.Messaging;

/// <summary>An integration event written in the same transaction as the state change that caused it.</summary>
public sealed class OutboxMessage
{
    public long Sequence { get; private set; }
    /// <summary>Becomes the MassTransit MessageId, so a re-send after a crash is recognised by consumers' inboxes.</summary>
    public Guid MessageId { get; private set; }
    public string MessageType { get; private set; } = "";
    public string Body { get; private set; } = "";
    public DateTimeOffset OccurredAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    public int Attempts { get; private set; }
    public string? LastError { get; private set; }
    /// <summary>
    /// The W3C traceparent of the request or message that wrote the row, so that the publish, however much later
    /// the dispatcher sends it, continues that trace in every consumer. Null when no trace was being recorded.
    /// </summary>
    public string? TraceParent { get; private set; }

    private OutboxMessage() { }

    public OutboxMessage(Guid messageId, string messageType, string body, DateTimeOffset occurredAt, string? traceParent = null)
    {
        MessageId = messageId;
        MessageType = messageType;
        Body = body;
        OccurredAt = occurredAt;
        TraceParent = traceParent;
    }

    public void MarkFailed(string error)
    {
        Attempts++;
        LastError = error.Length > 2000 ? error[..2000] : error;
    }
}

/// <summary>A message a consumer has already handled; a redelivery with the same id is a no-op.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; private set; }
    public string Consumer { get; private set; } = "";
    public DateTimeOffset ProcessedAt { get; private set; }

    private InboxMessage() { }

    public InboxMessage(Guid messageId, string consumer, DateTimeOffset processedAt)
    {
        MessageId = messageId;
        Consumer = consumer;
        ProcessedAt = processedAt;
    }
}
