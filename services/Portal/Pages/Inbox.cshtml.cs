using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages;

[Authorize]
public sealed class InboxModel(FeedbackClient feedback, TimeProvider clock) : PortalPage
{
    public List<InboxItem>? Items { get; private set; }

    /// <summary>
    /// Where the live feed starts: a little before the list was read, so that nothing committed between the read and
    /// the feed's start is missed (the script drops what the list already shows).
    /// </summary>
    public DateTimeOffset LiveSince { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        LiveSince = clock.GetUtcNow().AddMinutes(-1);
        var result = await feedback.InboxAsync(ct);
        if (Check(result, "notifications")) Items = result.Value!.Items;
    }

    /// <summary>
    /// The page's live feed (/inbox?handler=stream, read by wwwroot/js/inbox-live.js): Feedback's inbox stream for the
    /// signed-in user, passed through as it comes. A reconnecting browser's Last-Event-ID goes on to Feedback.
    /// </summary>
    public async Task<IActionResult> OnGetStreamAsync(DateTimeOffset? since, CancellationToken ct)
    {
        var opened = await feedback.InboxStreamAsync(since, Request.Headers["Last-Event-ID"].ToString(), ct);
        // A refused 'since' (more than 30 days back, or in the future) is the request's fault, not Feedback being down.
        if (!opened.Ok)
            return StatusCode(opened.Outcome switch
            {
                ApiOutcome.Invalid => StatusCodes.Status400BadRequest,
                ApiOutcome.Forbidden => StatusCodes.Status403Forbidden,
                ApiOutcome.NotFound => StatusCodes.Status404NotFound,
                _ => StatusCodes.Status503ServiceUnavailable,
            });
        using var upstream = opened.Value!;

        Response.ContentType = "text/event-stream";
        Response.Headers.CacheControl = "no-cache";
        Response.Headers["X-Accel-Buffering"] = "no";
        await using var events = await upstream.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await events.ReadAsync(buffer, ct)) > 0)
            {
                await Response.Body.WriteAsync(buffer.AsMemory(0, read), ct);
                await Response.Body.FlushAsync(ct);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException)
        {
            // The browser left, or Feedback went away: the browser reconnects with the last event's id.
        }
        return new EmptyResult();
    }
}
