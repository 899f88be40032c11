using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using BuildingBlocks.Auth;
using BuildingBlocks.Persistence;
using FeedbackService.Data;
using FeedbackService.Notifications;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FeedbackService.Features.Inbox;

/// <summary>
/// The caller's inbox as it fills, as server-sent events: each in-app message the moment it is committed (on any
/// replica), so a client waits for news without polling. Messages from <c>since</c> (or the Last-Event-ID a reconnecting
/// EventSource sends; by default from now) come first. Each event is a <see cref="GetInbox.Item"/> with the time the
/// message came into the inbox as its id. The stream ends after <see cref="InboxStreamOptions.Lifetime"/>.
/// </summary>
public static class StreamInbox
{
    /// <param name="Since">Messages that came into the inbox from then on; none before.</param>
    /// <param name="SeenId">The message the client saw last (the Last-Event-ID it reconnects with), not sent again.</param>
    public sealed record Query(DateTimeOffset? Since, Guid? SeenId = null) : IQuery<IAsyncEnumerable<GetInbox.Item?>>;

    public const int MaxDaysBack = 30;

    // A transaction that began before another may commit after it: its message's time is then behind what the
    // stream has sent. Looking this far back (and not sending anything twice) catches it.
    private static readonly TimeSpan CommitSkew = TimeSpan.FromSeconds(30);
    private const int MaxPerLook = 500;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(TimeProvider clock) =>
            RuleFor(q => q.Since)
                .Must(since => since is null || (since >= clock.GetUtcNow().AddDays(-MaxDaysBack) && since <= clock.GetUtcNow().AddMinutes(5)))
                .WithMessage($"'since' must be a time within the last {MaxDaysBack} days.");
    }

    internal sealed class Handler(FeedbackDb db, CurrentUser user, InboxWatch watch, TimeProvider clock, IOptions<FeedbackOptions> options)
        : IQueryHandler<Query, IAsyncEnumerable<GetInbox.Item?>>
    {
        public ValueTask<IAsyncEnumerable<GetInbox.Item?>> Handle(Query query, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Messages(query.Since ?? clock.GetUtcNow(), query.SeenId, cancellationToken));

        /// <summary>The messages as they come; a null when nothing came for a heartbeat's time.</summary>
        private async IAsyncEnumerable<GetInbox.Item?> Messages(DateTimeOffset since, Guid? seenId,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var settings = options.Value.InboxStream;
            // Subscribed before the first look, so a message committed in between wakes the next one.
            using var subscription = watch.Subscribe(GetInbox.InboxOf(user));
            var sent = new Dictionary<Guid, DateTimeOffset>();
            if (seenId is { } seen) sent[seen] = since;
            // A reconnecting client saw everything up to its last event, except what was committed late with an earlier
            // time (a transaction held up by a restart): a resumed stream looks back for that too. Clients keep
            // messages by id (EventSource consumers here do), so one sent again within the look-back is harmless.
            var floor = seenId is null ? since : since - CommitSkew;
            var cursor = since; // the latest time sent
            var from = floor; // where the next look starts
            var ends = clock.GetUtcNow() + settings.Lifetime;
            while (!cancellationToken.IsCancellationRequested && clock.GetUtcNow() < ends)
            {
                var lookFrom = from;
                var found = await watch.LookAsync(() => GetInbox.Visible(db, user, clock.GetUtcNow())
                    .Where(n => n.NextAttemptAt >= lookFrom)
                    .OrderBy(n => n.NextAttemptAt).ThenBy(n => n.Id).Take(MaxPerLook)
                    .Select(n => new { Item = new GetInbox.Item(n.Id, n.Template, n.ReferralId, n.Subject, n.Body, n.NextAttemptAt, n.ReadAt != null), n.NextAttemptAt })
                    .ToListAsync(cancellationToken), cancellationToken);
                foreach (var message in found.Where(m => sent.TryAdd(m.Item.Id, m.NextAttemptAt)))
                {
                    if (message.NextAttemptAt > cursor) cursor = message.NextAttemptAt;
                    yield return message.Item;
                }
                var lookBackTo = cursor - CommitSkew < floor ? floor : cursor - CommitSkew;
                foreach (var old in sent.Where(s => s.Value < lookBackTo).Select(s => s.Key).ToList()) sent.Remove(old);

                // A full look is a backlog (an organisation's busy inbox): read on from its last row. Only when a whole
                // look shares one instant does that not move on; then it waits like any other.
                if (found.Count == MaxPerLook && found[^1].NextAttemptAt > from)
                {
                    from = found[^1].NextAttemptAt;
                    continue;
                }
                from = lookBackTo;
                if (!await subscription.Signal.WaitAsync(settings.Heartbeat, clock, cancellationToken)) yield return null;
            }
        }
    }

    internal static async Task Endpoint(HttpContext http, DateTimeOffset? since, [FromHeader(Name = "Last-Event-ID")] string? lastEventId,
        Sender mediator, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var query = EventId.TryParse(lastEventId, out var seenAt, out var seenId) ? new Query(seenAt, seenId) : new Query(since);
        var messages = await mediator.Send(query, cancellationToken);

        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // nginx ingress: pass each event on at once
        await response.WriteAsync("retry: 3000\n: connected\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
        try
        {
            await foreach (var item in messages.WithCancellation(cancellationToken))
            {
                await response.WriteAsync(item is null
                    ? ": keep-alive\n\n"
                    : $"id: {EventId.Format(item)}\nevent: message\ndata: {JsonSerializer.Serialize(item, Json)}\n\n",
                    cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away: the stream's normal end.
        }
        catch (Exception ex) when (DatabaseFailures.IsTransient(ex))
        {
            // The events are under way, so no error response can follow: the stream ends, and the client reconnects
            // after the retry above with its Last-Event-ID, losing nothing.
            loggers.CreateLogger(typeof(StreamInbox)).LogWarning("Inbox stream ended: the database is unavailable ({Failure})", ex.GetType().Name);
        }
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>"{time the message came into the inbox}|{its id}": where a reconnecting client goes on from.</summary>
    private static class EventId
    {
        public static string Format(GetInbox.Item item) => $"{item.CreatedAt.ToString("O", CultureInfo.InvariantCulture)}|{item.Id}";

        public static bool TryParse(string? value, out DateTimeOffset at, out Guid id)
        {
            id = Guid.Empty;
            at = default;
            var parts = value?.Split('|');
            return parts is [var time, var guid]
                   && DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out at)
                   && Guid.TryParse(guid, out id);
        }
    }
}
