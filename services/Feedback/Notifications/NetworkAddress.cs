using System.Net;
using System.Net.Sockets;

namespace FeedbackService.Notifications;

/// <summary>
/// Whether an address is on the public internet, which is the only place a webhook may go: anything else would let
/// a subscriber make this service call its own network (the cloud metadata endpoint, the database, the broker).
/// IPv4 is refused by the special-purpose ranges; IPv6 is allowed only in global unicast (2000::/3) outside its
/// special blocks, and an IPv6 form that carries an IPv4 address is judged by that IPv4 address.
/// </summary>
public static class NetworkAddress
{
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return IsPublicIPv4(address.MapToIPv4().GetAddressBytes());
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsPublicIPv4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsPublicIPv6(address.GetAddressBytes()),
            _ => false,
        };
    }

    private static bool IsPublicIPv4(byte[] a) => !(
        a[0] == 0                                          // 0.0.0.0/8: "this network", the unspecified address
        || a[0] == 10                                      // 10.0.0.0/8 private
        || (a[0] == 100 && (a[1] & 0xC0) == 64)            // 100.64.0.0/10 carrier-grade NAT
        || a[0] == 127                                     // 127.0.0.0/8 loopback
        || (a[0] == 169 && a[1] == 254)                    // 169.254.0.0/16 link-local, cloud metadata
        || (a[0] == 172 && (a[1] & 0xF0) == 16)            // 172.16.0.0/12 private
        || (a[0] == 192 && a[1] == 0 && a[2] == 0)         // 192.0.0.0/24 IETF protocol assignments
        || (a[0] == 192 && a[1] == 0 && a[2] == 2)         // 192.0.2.0/24 documentation
        || (a[0] == 192 && a[1] == 88 && a[2] == 99)       // 192.88.99.0/24 6to4 relay anycast
        || (a[0] == 192 && a[1] == 168)                    // 192.168.0.0/16 private
        || (a[0] == 198 && (a[1] & 0xFE) == 18)            // 198.18.0.0/15 benchmarking
        || (a[0] == 198 && a[1] == 51 && a[2] == 100)      // 198.51.100.0/24 documentation
        || (a[0] == 203 && a[1] == 0 && a[2] == 113)       // 203.0.113.0/24 documentation
        || a[0] >= 224);                                   // 224.0.0.0/4 multicast, 240.0.0.0/4 reserved, broadcast

    private static bool IsPublicIPv6(byte[] a)
    {
        // 64:ff9b::/96, NAT64: the gateway forwards to the IPv4 address in the last four bytes.
        if (a[0] == 0 && a[1] == 0x64 && a[2] == 0xFF && a[3] == 0x9B && a.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
            return IsPublicIPv4(a[12..]);
        // Outside 2000::/3: unspecified, loopback, IPv4-compatible, discard, ULA fc00::/7, link-local, site-local, multicast.
        if ((a[0] & 0xE0) != 0x20) return false;
        return !(
            (a[0] == 0x20 && a[1] == 0x01 && a[2] < 0x02)                   // 2001::/23 IETF protocol assignments, Teredo
            || (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0D && a[3] == 0xB8) // 2001:db8::/32 documentation
            || (a[0] == 0x20 && a[1] == 0x02)                               // 2002::/16 6to4, an IPv4 address behind a relay
            || (a[0] == 0x3F && a[1] == 0xFF && (a[2] & 0xF0) == 0));        // 3fff::/20 documentation
    }
}
