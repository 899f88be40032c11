using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Feedback.Tests.Support;

/// <summary>
/// A tiny Kestrel app on loopback standing in for a GP system: it checks each POST's HMAC-SHA256 signature
/// over "{X-Timestamp}.{body}" with its own implementation, answers 401 when it does not match, and keeps the
/// verified bodies.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app, string secret)
    {
        _app = app;
        Secret = secret;
    }

    public string Secret { get; }
    public string Url { get; private set; } = "";
    public ConcurrentQueue<string> Verified { get; } = new();
    public ConcurrentQueue<string> Rejected { get; } = new();

    public static async Task<WebhookReceiver> Start(string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, secret);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var timestamp = request.Headers["X-Timestamp"].ToString();
            var signature = request.Headers["X-Signature"].ToString();
            var expected = "sha256=" + Convert.ToHexStringLower(
                HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
            var fresh = long.TryParse(timestamp, out var seconds)
                        && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) < 300;
            if (!fresh || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(signature)))
            {
                receiver.Rejected.Enqueue(body);
                return Results.Unauthorized();
            }
            receiver.Verified.Enqueue(body);
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = $"{address.TrimEnd('/')}/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
