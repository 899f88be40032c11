using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Feedback.Tests.Support;

/// <summary>A real SMTP server on loopback inside the test process; keeps every message it accepts.</summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly Store _store = new();

    public LoopbackSmtpServer()
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)).IsSecure(false))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    public IReadOnlyList<ReceivedMail> Messages => [.. _store.Messages];

    public IReadOnlyList<ReceivedMail> To(string address) =>
        Messages.Where(m => m.To.Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _running; } catch (OperationCanceledException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Store : MessageStore
    {
        public ConcurrentQueue<ReceivedMail> Messages { get; } = new();

        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var raw = Encoding.UTF8.GetString(buffer.ToArray());
            Messages.Enqueue(new ReceivedMail(transaction.To.Select(m => $"{m.User}@{m.Host}").ToList(), raw));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}

/// <summary>One accepted message: the envelope recipients and the raw RFC 5322 text.</summary>
public sealed record ReceivedMail(IReadOnlyList<string> To, string Raw)
{
    public string Subject => Raw.Split("\r\n").FirstOrDefault(l => l.StartsWith("Subject:", StringComparison.OrdinalIgnoreCase))?[8..].Trim() ?? "";
}
