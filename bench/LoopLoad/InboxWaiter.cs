using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;

namespace LoopLoad;

/// <summary>
/// A referrer's inbox stream (server-sent events), open from before their referral is made until the message the run
/// waits for arrives, as a portal tab would hold it. A dropped stream (Feedback killed or restarted) is opened again
/// with the last event's id, so nothing committed meanwhile is missed.
/// </summary>
public sealed class InboxWaiter : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<double>> _arrivals = new();
    private readonly Task _reading;

    public InboxWaiter(HttpClient http, string token, string template, Func<double> now, Action onReconnect) =>
        _reading = Read(http, token, template, now, onReconnect);

    /// <summary>When the message about <paramref name="referralId"/> arrived (it may have come before this is asked).</summary>
    public async Task<double> For(Guid referralId, DateTime deadline)
    {
        var wait = deadline - DateTime.UtcNow;
        if (wait <= TimeSpan.Zero) throw new TimeoutException();
        return await Arrival(referralId).Task.WaitAsync(wait);
    }

    private TaskCompletionSource<double> Arrival(Guid referralId) =>
        _arrivals.GetOrAdd(referralId, _ => new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously));

    private async Task Read(HttpClient http, string token, string template, Func<double> now, Action onReconnect)
    {
        string? lastEventId = null;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/feedback/inbox/stream");
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
                        Seen(JsonSerializer.Deserialize<JsonElement>(data), template, now());
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

    private void Seen(JsonElement item, string template, double at)
    {
        if (item.GetProperty("template").GetString() == template
            && Guid.TryParse(item.GetProperty("referralId").GetString(), out var referralId))
            Arrival(referralId).TrySetResult(at);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reading;
        _stop.Dispose();
    }
}
