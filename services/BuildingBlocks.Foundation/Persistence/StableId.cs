using System.Security.Cryptography;
using System.Text;

namespace BuildingBlocks.Persistence;

/// <summary>
/// A name-based (RFC 9562 version 5) UUID: the same slug ("org-cosham-mens-shed") always gives the same id, so demo
/// data, imports and the portal's demo users agree on ids without a lookup. The namespace is RFC 9562's URL namespace.
/// </summary>
public static class StableId
{
    private static readonly Guid Namespace = new("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    public static Guid From(string name)
    {
        var bytes = SHA1.HashData([.. Namespace.ToByteArray(bigEndian: true), .. Encoding.UTF8.GetBytes(name)]);
        var guid = bytes[..16];
        guid[6] = (byte)((guid[6] & 0x0F) | 0x50);
        guid[8] = (byte)((guid[8] & 0x3F) | 0x80);
        return new Guid(guid, bigEndian: true);
    }
}
