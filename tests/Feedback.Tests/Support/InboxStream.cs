using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using TestSupport;

namespace Feedback.Tests.Support;

/// <summary>One open inbox stream, read as a browser's EventSource would: each "message" event with its id.</summary>
public sealed class InboxStream : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private InboxStream(HttpClient http, HttpResponseMessage response, StreamReader reader)
    {
        _http = http;
        _response = response;
        _reader = reader;
    }

    public HttpResponseMessage Response => _response;

    public static async Task<InboxStream> Open(FeedbackApi api, string token, string? lastEventId = null)
    {
        var http = api.ClientAs(token);
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/feedback/inbox/stream");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        // The stream says it is open once it is subscribed: anything committed from now on will come.
        Assert.Equal("retry: 3000", await reader.ReadLineAsync());
        Assert.Equal(": connected", await reader.ReadLineAsync());
        return new InboxStream(http, response, reader);
    }

    /// <summary>The next message event (heartbeats skipped), or a failure after <paramref name="within"/>.</summary>
    public async Task<(string Id, InboxItem Item)> Next(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        string? id = null, data = null;
        try
        {
            while (await _reader.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
                else if (line.Length == 0 && data is not null)
                    return (id ?? throw new InvalidOperationException("A message event had no id"), JsonSerializer.Deserialize<InboxItem>(data, Json)!);
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No message on the stream within {within.TotalSeconds:0} s");
        }
        throw new InvalidOperationException("The stream ended");
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        _http.Dispose();
        await Task.CompletedTask;
    }
}
