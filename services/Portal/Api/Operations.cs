namespace Portal.Api;

/// <summary>One message in a service's error queue as the service describes it: never its body.</summary>
public sealed record ErrorQueueMessage(Guid MessageId, string MessageType, DateTimeOffset? FaultedAt,
    string? ExceptionType, string? ExceptionMessage, Guid? ReferralId);

public sealed record ErrorQueueView(string Queue, string SourceQueue, long Depth, List<ErrorQueueMessage> Messages);

public sealed record ErrorQueuesView(string Service, string Transport, bool Inspectable, List<ErrorQueueView> Queues);

/// <summary>One step of a referral's trail in one service: an event it recorded, a message it published or consumed, a notification.</summary>
public sealed record TrailEntry(DateTimeOffset At, string Service, string Kind, string What, string State, Guid? MessageId);

public sealed record ReferralTrailPart(string Service, Guid ReferralId, List<TrailEntry> Entries);

public abstract partial class ServiceClient
{
    private string Operations => $"/api/{service.ToLowerInvariant()}/operations";

    /// <summary>The service's error queues and the messages in them (admins only).</summary>
    public Task<ApiResult<ErrorQueuesView>> ErrorQueuesAsync(CancellationToken ct) =>
        GetAsync<ErrorQueuesView>($"{Operations}/error-queues", ct);

    /// <summary>Moves the message back to the queue it failed from.</summary>
    public Task<ApiResult<NoContent>> RetryAsync(string queue, Guid messageId, CancellationToken ct) =>
        PostAsync($"{Operations}/error-queues/{Uri.EscapeDataString(queue)}/messages/{messageId}/retry", null, ct);

    /// <summary>Removes the message for good; the service keeps who and why.</summary>
    public Task<ApiResult<NoContent>> DiscardAsync(string queue, Guid messageId, string reason, CancellationToken ct) =>
        PostAsync($"{Operations}/error-queues/{Uri.EscapeDataString(queue)}/messages/{messageId}/discard", new { reason }, ct);

    /// <summary>The service's part of a referral's trail; <paramref name="messageIds"/> are other services' messages to look for in its inbox.</summary>
    public Task<ApiResult<ReferralTrailPart>> TrailAsync(Guid referralId, IEnumerable<Guid> messageIds, CancellationToken ct) =>
        GetAsync<ReferralTrailPart>($"{Operations}/trail/{referralId}" + Query([.. messageIds.Take(100).Select(id => ("messageId", (string?)id.ToString()))]), ct);
}
