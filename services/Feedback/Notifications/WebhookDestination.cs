using System.Net;

namespace FeedbackService.Notifications;

/// <summary>
/// The rule for where a webhook may point, checked when it is registered and again before each send (a row
/// stored before the rule, or under looser options, must not slip through). The address a name resolves to is
/// checked when connecting (<see cref="WebhookHttpHandler"/>), since DNS can answer differently each time.
/// </summary>
public static class WebhookDestination
{
    private static readonly string[] PrivateSuffixes = [".localhost", ".local", ".internal", ".home.arpa"];

    /// <summary>Why the URL is refused, or null when it may be used.</summary>
    public static string? Problem(string? url, WebhookOptions options)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return "Url must be an absolute https address.";
        if (uri.Scheme == Uri.UriSchemeHttp && !options.AllowInsecureHttp)
            return "Url must use https: notifications about people are not sent unencrypted.";
        if (uri.UserInfo.Length > 0)
            return "Url must not contain a user name or password: the secret signs every request instead.";
        if (!options.AllowPrivateNetworks && !IsPublicHost(uri))
            return "Url must point to a public internet host, not localhost or a loopback, private, link-local or reserved address.";
        return null;
    }

    private static bool IsPublicHost(Uri uri)
    {
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
            return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal) && NetworkAddress.IsPublic(literal);
        if (uri.HostNameType != UriHostNameType.Dns) return false;
        var name = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        // "127.0.0.1." is a DNS name to Uri but an address to the resolver.
        if (IPAddress.TryParse(name, out var address)) return NetworkAddress.IsPublic(address);
        // A single label ("intranet", "metadata") is only ever resolved inside some private network.
        return name.Contains('.') && name != "localhost" && !PrivateSuffixes.Any(name.EndsWith);
    }
}
