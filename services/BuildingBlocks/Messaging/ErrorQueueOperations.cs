using BuildingBlocks.Auth;
using BuildingBlocks.Persistence;
using BuildingBlocks.Validation;
using BuildingBlocks.Web;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BuildingBlocks.Messaging;

/// <summary>
/// Admins' tools for a service's error queues, the same in every service (one route set each, under its own API):
/// list what faulted, retry a message (moved back to the queue it failed from; the consumer's inbox makes a second
/// delivery a no-op) or discard it with a reason. Never shows a message's body. A discard is logged with who and why
/// and, where the message is about a referral and the service keeps a personal-data audit log, written to that log.
/// </summary>
public static class ErrorQueueOperations
{
    public const int MessagesShownPerQueue = 50;

    public sealed record DiscardBody(string? Reason);

    public sealed record Moved(Guid MessageId, string Queue, string? MovedTo, string MessageType, Guid? ReferralId);

    public sealed class DiscardValidator : AbstractValidator<DiscardBody>
    {
        public DiscardValidator() =>
            RuleFor(b => b.Reason).NotEmpty().WithMessage("Say why the message is discarded")
                .MaximumLength(AuditReasonLength).MustBePlainText();
    }

    /// <summary>The audit log's purpose column holds the reason, so it is as long as that at most.</summary>
    private const int AuditReasonLength = 200;
    private static readonly DiscardValidator Validator = new();

    /// <summary>Maps <c>operations/error-queues</c> under <paramref name="api"/> for the service that owns <typeparamref name="TDb"/>.</summary>
    public static void MapErrorQueueOperations<TDb>(this RouteGroupBuilder api, string service) where TDb : ServiceDbContext
    {
        var queues = api.MapGroup("/operations/error-queues").RequireAuthorization(Roles.Admin);
        queues.MapGet("/", (IErrorQueues broker, IEnumerable<ErrorQueueOwner> owners, CancellationToken ct) => List(service, broker, owners, ct));
        queues.MapPost("/{queue}/messages/{messageId:guid}/retry", (string queue, Guid messageId, IErrorQueues broker,
            IEnumerable<ErrorQueueOwner> owners, CurrentUser admin, ILogger<ErrorQueueOwner> log, CancellationToken ct) =>
            Retry(service, queue, messageId, broker, owners, admin, log, ct));
        queues.MapPost("/{queue}/messages/{messageId:guid}/discard", (string queue, Guid messageId, DiscardBody body,
            IErrorQueues broker, IEnumerable<ErrorQueueOwner> owners, CurrentUser admin, HttpContext http, TimeProvider clock,
            ILogger<ErrorQueueOwner> log, CancellationToken ct) =>
            Discard(service, queue, messageId, body, broker, owners, admin, http.RequestServices.GetRequiredService<TDb>(), clock, log, ct));
    }

    private static async Task<IResult> List(string service, IErrorQueues broker, IEnumerable<ErrorQueueOwner> owners, CancellationToken ct)
    {
        var views = new List<ErrorQueueView>();
        if (broker.Inspectable)
            foreach (var queue in Owner(service, owners).ErrorQueues)
            {
                var depth = await broker.DepthAsync(queue, ct);
                var messages = depth == 0 ? [] : await broker.PeekAsync(queue, MessagesShownPerQueue, ct);
                views.Add(new ErrorQueueView(queue, SourceOf(queue), depth, messages));
            }
        return Results.Ok(new ErrorQueuesView(service, broker.Transport, broker.Inspectable, views));
    }

    private static async Task<IResult> Retry(string service, string queue, Guid messageId, IErrorQueues broker,
        IEnumerable<ErrorQueueOwner> owners, CurrentUser admin, ILogger log, CancellationToken ct)
    {
        var taken = await broker.TakeAsync(Known(service, owners, queue), messageId, SourceOf(queue), ct)
                    ?? throw new NotFoundException("Error-queue message", messageId);
        if (log.IsEnabled(LogLevel.Information))
            log.LogInformation("Error-queue message {MessageId} ({MessageType}) moved from {Queue} back to {SourceQueue} by account {AdminId}",
                messageId, taken.MessageType, queue, SourceOf(queue), admin.Id);
        return Results.Ok(new Moved(messageId, queue, SourceOf(queue), taken.MessageType, taken.ReferralId));
    }

    private static async Task<IResult> Discard(string service, string queue, Guid messageId, DiscardBody body, IErrorQueues broker,
        IEnumerable<ErrorQueueOwner> owners, CurrentUser admin, ServiceDbContext db, TimeProvider clock, ILogger log, CancellationToken ct)
    {
        await Validator.ValidateAndThrowAsync(body, ct);
        var reason = body.Reason!.Trim();
        var taken = await broker.TakeAsync(Known(service, owners, queue), messageId, moveTo: null, ct)
                    ?? throw new NotFoundException("Error-queue message", messageId);
        // Who and why: in the service's personal-data audit log when the message is about a referral and the service
        // keeps one (the admin's words stay out of the logs, which hold ids only); otherwise in the log line, the only
        // record there is (Directory's messages, or one without a referral id).
        var audited = taken.ReferralId is { } referralId && db.Model.FindEntityType(typeof(AuditEntry)) is not null;
        if (audited)
        {
            db.Set<AuditEntry>().Add(new AuditEntry(taken.ReferralId!.Value, admin, "discard-message", reason, clock.GetUtcNow()));
            await db.SaveChangesAsync(ct);
        }
        if (log.IsEnabled(LogLevel.Warning))
            log.LogWarning("Error-queue message {MessageId} ({MessageType}, referral {ReferralId}) discarded from {Queue} by account {AdminId} ({AdminRole}); reason: {Reason}",
                messageId, taken.MessageType, taken.ReferralId, queue, admin.Id, admin.Role, audited ? "in the audit log" : reason);
        return Results.Ok(new Moved(messageId, queue, null, taken.MessageType, taken.ReferralId));
    }

    private static ErrorQueueOwner Owner(string service, IEnumerable<ErrorQueueOwner> owners) =>
        owners.FirstOrDefault(o => o.Service == service) ?? new ErrorQueueOwner(service, []);

    /// <summary>Only this service's own error queues can be named; any other name is a 404, as an unknown one is.</summary>
    private static string Known(string service, IEnumerable<ErrorQueueOwner> owners, string queue) =>
        Owner(service, owners).ErrorQueues.Contains(queue, StringComparer.Ordinal) ? queue : throw new NotFoundException("Error queue", queue);

    private static string SourceOf(string errorQueue) => errorQueue[..^ErrorQueueOwner.Suffix.Length];
}
