using System.Net;
using System.Net.Sockets;

namespace FeedbackService.Notifications;

/// <summary>
/// The webhook client's connection: it resolves the host itself, refuses when any address it gets is not public,
/// and connects only to the addresses it checked, so a name that resolves to a public address for a check and to
/// 127.0.0.1 a moment later (DNS rebinding) gets nowhere. No proxy (it would connect to the proxy instead) and no
/// redirects (a receiver could send us on to an internal address).
/// </summary>
public static class WebhookHttpHandler
{
    public delegate Task<IPAddress[]> Resolver(string host, CancellationToken cancellationToken);

    public static SocketsHttpHandler Create(WebhookOptions options, Resolver? resolve = null)
    {
        resolve ??= Dns.GetHostAddressesAsync;
        return new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var host = context.DnsEndPoint.Host;
                var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await resolve(host, cancellationToken);
                if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);
                if (!options.AllowPrivateNetworks && !addresses.All(NetworkAddress.IsPublic))
                    throw new WebhookDestinationRefusedException();
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }
}

/// <summary>The webhook's host resolves to an address that is not on the public internet; no retry will change that.</summary>
public sealed class WebhookDestinationRefusedException()
    : Exception("Webhook refused: its host resolves to a loopback, private, link-local or reserved address.");
