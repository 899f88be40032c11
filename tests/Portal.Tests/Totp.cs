using System.Security.Cryptography;

namespace Portal.Tests;

/// <summary>
/// RFC 6238 time-based one-time passwords (HMAC-SHA1, 30-second steps, 6 digits), written from the RFC as an
/// authenticator app computes them; ASP.NET Core Identity's own implementation is internal, and the tests should not
/// check it against itself.
/// </summary>
public static class Totp
{
    public static string Code(string base32Key, DateTimeOffset at, int digits = 6) =>
        Code(FromBase32(base32Key), at.ToUnixTimeSeconds() / 30, digits);

    /// <summary>RFC 4226 HOTP of one time step, with the RFC's dynamic truncation.</summary>
    public static string Code(byte[] key, long step, int digits = 6)
    {
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian) Array.Reverse(counter);
        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % (int)Math.Pow(10, digits)).ToString().PadLeft(digits, '0');
    }

    /// <summary>RFC 4648 base32, as authenticator keys are written (spaces and case ignored).</summary>
    public static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = text.Replace(" ", "").TrimEnd('=').ToUpperInvariant();
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            var value = alphabet.IndexOf(c);
            if (value < 0) throw new FormatException($"'{c}' is not a base32 character.");
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }
}
