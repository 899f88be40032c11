using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;

namespace LoopLoad;

/// <param name="At">When it arrived, in the run's milliseconds.</param>
/// <param name="CreatedAt">When Feedback wrote it (the message's time in the inbox), on the wall clock.</param>
public sealed record Arrival(double At, DateTimeOffset CreatedAt);

/// <summary>
/// A referrer's inbox stream (server-sent events), open from before their referral is made until the message the run
/// waits for arrives, as a portal tab would hold it. A dropped stream (Feedback killed or restarted) is opened again
/// with the last event's id, so nothing committed meanwhile is missed.
/// </summary>
public sealed class InboxWaiter : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<(Guid, string), TaskCompletionSource<Arrival>> _arrivals = new();
    private readonly Task _reading;

    public InboxWaiter(HttpClient http, string token, Func<double> now, Action onReconnect) =>
        _reading = Read(http, token, now, onReconnect);

    /// <summary>
    /// When the message of <paramref name="template"/> about <paramref name="referralId"/> arrived (it may have come
    /// before this is asked), and when Feedback made it (its time in the inbox, on the services' clock: the same machine).
    /// </summary>
    public async Task<Arrival> For(Guid referralId, string template, DateTime deadline)
    {
        var wait = deadline - DateTime.UtcNow;
        if (wait <= TimeSpan.Zero) throw new TimeoutException();
        return await ArrivalOf(referralId, template).Task.WaitAsync(wait);
    }

    /// <summary>The arrival if it has come, else null.</summary>
    public Arrival? Arrived(Guid referralId, string template) =>
        _arrivals.TryGetValue((referralId, template), out var arrival) && arrival.Task.IsCompletedSuccessfully ? arrival.Task.Result : null;

    private TaskCompletionSource<Arrival> ArrivalOf(Guid referralId, string template) =>
        _arrivals.GetOrAdd((referralId, template), _ => new TaskCompletionSource<Arrival>(TaskCreationOptions.RunContinuationsAsynchronously));

    private async Task Read(HttpClient http, string token, Func<double> now, Action onReconnect)
    {
        // Until an event has come, every (re)connect asks from when the wait began, as the portal's page does: a
        // stream first opened after a message was committed (Feedback was down when the wait began) still brings it.
        var since = Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        string? lastEventId = null;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/feedback/inbox/stream?since={since}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
                if (!response.IsSuccessStatusCode) throw new HttpRequestException($"inbox stream: {(int)response.StatusCode}");
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token));
                string? id = null, data = null;
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
                    else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
                    else if (line.Length == 0 && data is not null)
                    {
                        lastEventId = id;
                        Seen(JsonSerializer.Deserialize<JsonElement>(data), now());
                        id = data = null;
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
            {
                // Feedback went away or restarted: open the stream again, going on from the last event.
            }
            onReconnect();
            await Task.Delay(250).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private void Seen(JsonElement item, double at)
    {
        if (item.GetProperty("template").GetString() is { } template
            && Guid.TryParse(item.GetProperty("referralId").GetString(), out var referralId))
            ArrivalOf(referralId, template).TrySetResult(new Arrival(at, item.GetProperty("createdAt").GetDateTimeOffset()));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reading;
        _stop.Dispose();
    }
}
