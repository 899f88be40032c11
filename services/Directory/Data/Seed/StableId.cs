using System.Security.Cryptography;
using System.Text;

namespace DirectoryService.Data.Seed;

/// <summary>
/// A name-based (RFC 9562 version 5) UUID: the same slug ("org-cosham-mens-shed") always gives the same id, so demo
/// data, imports and other services' demo users agree on ids without a lookup.
/// </summary>
public static class StableId
{
    private static readonly Guid Namespace = new("8f0e6c2a-4a8b-4f57-9a53-2f1d3c0b7e11");

    public static Guid From(string name)
    {
        var bytes = SHA1.HashData([.. Namespace.ToByteArray(bigEndian: true), .. Encoding.UTF8.GetBytes(name)]);
        var guid = bytes[..16];
        guid[6] = (byte)((guid[6] & 0x0F) | 0x50);
        guid[8] = (byte)((guid[8] & 0x3F) | 0x80);
        return new Guid(guid, bigEndian: true);
    }
}
