using System.Text;

namespace Portal.Tests.Fuzz;

/// <summary>
/// What a person (or a script pretending to be one) can put in a URL or a form, already percent-encoded as it goes
/// on the wire, so invalid UTF-8 and lone surrogates arrive as sent. Seeded per case from one run seed and the case's
/// name, so a failure comes back with the same seed whatever ran before it.
/// </summary>
public sealed class HostileInput
{
    /// <summary>Text that must never come back unencoded in a page.</summary>
    public static readonly string[] ReflectionMarkers = ["<script>fz(", "<svg onload=fz(", "<img src=x onerror=fz("];

    private static readonly string[] Plain =
    [
        "", " ", "-1", "0", "1", "2147483647", "2147483648", "-2147483649", "9223372036854775808", "99999999999999999999999999",
        "1e309", "-1e309", "NaN", "Infinity", "1.5", "1,5", "0x1F", "007", "+44", "true", "false", "on", "null", "undefined", "[]", "{}",
        "0001-01-01", "9999-12-31", "2026-02-30", "2026-13-01", "31/12/9999", "9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-14:00",
        "24:61", "25:00", "not-a-date", "not-a-guid", "00000000-0000-0000-0000-000000000000", "{00000000-0000-0000-0000-000000000000}",
        "ffffffff-ffff-ffff-ffff-ffffffffffffx", "' OR '1'='1' --", "'; DROP TABLE referrals; --", "\" OR \"\"=\"", "1; SELECT pg_sleep(5)",
        "<script>fz(1)</script>", "\"><svg onload=fz(1)>", "'><img src=x onerror=fz(1)>", "javascript:fz(1)", "{{7*7}}", "@(1+1)",
        "${jndi:ldap://x/a}", "../../../../etc/passwd", "//evil.example/", "https://evil.example/", "/\\evil.example", "\\\\evil",
        "a\0b", "\0", "\u0001\u001f\u007f", "\r\nSet-Cookie: a=b", "\t\t", "\u202Egnp.exe", "\u200B\u200D\uFEFF", "مرحبا بالعالم",
        "שלום", "👩‍👩‍👧‍👦🏳️‍🌈🙂", "ǅ ß İ ı ﬁ Ω", "Z͑ͫ̓ͪ̂ͫ̽͏̴̙̤̞͉͚̯̞̠͍A̴̵̜̰͔ͫ͗͢L̠ͨͧͩ͘G̴̻͈͍͔̹̑͗̎̅͛́Ǫ̵̹̻̝̳͂̌̌͘",
        "%", "%%", "%zz", "a+b", "a&b=c", "a=b", "*", "?", "#", "..", ".", "/", "PO1 2AB", "SW1A 1AA", "ZZ99 9ZZ",
        "walking OR", "\"unterminated", "NEAR(a b)", "-minus", "x@y", "a@b.c", "@", "admin@demo.example.org",
    ];

    /// <summary>Bytes no well-formed UTF-8 text percent-encodes to: lone and swapped surrogates, overlongs, stray continuations.</summary>
    private static readonly string[] RawEncoded =
    [
        "%ED%A0%80", "%ED%BF%BF%ED%A0%80", "%FF%FE", "%C0%AF", "%C0%80", "%80", "%E2%82", "%F4%90%80%80", "a%00b", "%00", "%0D%0A",
        "%25", "%2", "%G1", "%E2%80%AE%E2%80%AD", "%EF%BF%BF",
    ];

    private readonly Random _random;

    public HostileInput(int seed, string caseName) => _random = new Random(unchecked(seed * 31 + Stable(caseName)));

    public int Next(int max) => _random.Next(max);
    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>A hostile value, percent-encoded for a query string or a form body.</summary>
    public string Encoded() => _random.Next(20) switch
    {
        0 => Escape(new string('x', 5000)),
        1 => Escape(string.Concat(Enumerable.Repeat("🙂<b>'\"", 300))),
        2 or 3 => Pick(RawEncoded),
        _ => Escape(Pick(Plain)),
    };

    /// <summary>A hostile value for a form field: sometimes far longer than anything a URL may carry.</summary>
    public string EncodedForBody() => _random.Next(25) == 0 ? Escape(new string('y', 100_000)) : Encoded();

    public static string Escape(string value)
    {
        // EscapeDataString refuses a lone surrogate; encode what it would, byte by byte, leaving the rest to the raw list.
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
            builder.Append(IsUnreserved(b) ? ((char)b).ToString() : $"%{b:X2}");
        return builder.ToString();
    }

    private static bool IsUnreserved(byte b) =>
        b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~';

    /// <summary>FNV-1a: string.GetHashCode differs between processes.</summary>
    private static int Stable(string text)
    {
        var hash = 2166136261;
        foreach (var c in text) hash = (hash ^ c) * 16777619;
        return unchecked((int)hash);
    }
}
