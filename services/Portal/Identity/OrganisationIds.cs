using System.Security.Cryptography;
using System.Text;

namespace Portal.Identity;

/// <summary>
/// The demo data names organisations with slugs ("org-cosham-mens-shed"); the Directory turns each into a Guid
/// deterministically (an RFC 4122 version-5 UUID of the slug in the URL namespace), so the portal can name the
/// same organisation without asking the Directory.
/// </summary>
public static class OrganisationIds
{
    private static readonly Guid UrlNamespace = new("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    public static Guid FromSlug(string slug)
    {
        var ns = UrlNamespace.ToByteArray(bigEndian: true);
        var hash = SHA1.HashData([.. ns, .. Encoding.UTF8.GetBytes(slug)]);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
