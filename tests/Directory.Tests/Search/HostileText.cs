using System.Text;

namespace Directory.Tests.Search;

/// <summary>
/// Random text aimed at what can break a search: the engines' query syntax (FTS5 and websearch), SQL wildcards,
/// Unicode that normalises, combines, joins or runs right to left, control characters and NUL, unpaired surrogates,
/// very long words and very long queries. Seeded: a failure names its seed, and HOSTILE_TEXT_SEED replays it.
/// </summary>
public sealed class HostileText
{
    private static readonly string[] Pieces =
    [
        "\"", "\"\"", "'", "-", "+", "*", "^", ":", "(", ")", "{", "}", "[", "]", "NEAR", "NEAR(", "NEAR/2", "AND", "OR", "NOT",
        "and", "or", "not", "name:", "description:", "organisation:", "{name taxonomy}:", "\\", "\\\"", "%", "_", "&", "|", "!",
        "<->", "<2>", ":*", "@@", ";", "--", "/*", "*/", ".", ",", "~", "$", "#", "=", "?", "/", "'s", "&amp;",
        " ", " ", " ", " ", "  ", "\t", "\n", "\r\n", "\0", "\0\0", "\u0001", "\u001b", "\u001f", "\u007f", "\u0085",
        "tea", "dance", "lunch", "walking", "football", "befriending", "lonely", "mens shed", "the", "a", "for", "x",
        "café", "naïve", "straße", "ﬁsh", "Ⅻ", "①", "ǅ", "²", "ＡＢＣ", "İstanbul", "ß",
        "e\u0301", "\u0301", "\u0301\u0301\u0301", "\u20dd", "😀", "👨\u200d👩\u200d👧", "🏳️\u200d🌈", "🇬🇧",
        "مرحبا", "שלום", "\u202e", "\u202dabc\u202c", "\u200f", "\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad", "\u2028",
        "你好", "こんにちは", "한국어", "ไทย", "ﷺ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\ud800", "\udc00", "\uffff", "\ufffd", "\ue000",
        "1e9", "0x00", "-1", "12:30", "PO6", "'; DROP TABLE search_docs; --", "%00", "%22", "\\u0000",
    ];

    public int Seed { get; }
    private readonly Random _random;

    public HostileText(int? seed = null)
    {
        Seed = seed ?? (int.TryParse(Environment.GetEnvironmentVariable("HOSTILE_TEXT_SEED"), out var fixedSeed) ? fixedSeed : Random.Shared.Next());
        _random = new Random(Seed);
    }

    /// <summary>Mostly a few pieces; now and then a very long word, or a query longer than any search box allows.</summary>
    public string Next()
    {
        var text = new StringBuilder();
        var roll = _random.Next(20);
        var pieces = roll switch { 0 => 60 + _random.Next(80), < 3 => 10 + _random.Next(20), _ => 1 + _random.Next(8) };
        for (var i = 0; i < pieces; i++)
        {
            if (_random.Next(12) == 0) text.Append(new string((char)('a' + _random.Next(26)), 20 + _random.Next(180)));
            else text.Append(Pieces[_random.Next(Pieces.Length)]);
            if (_random.Next(3) == 0) text.Append(' ');
        }
        return text.ToString();
    }

    /// <summary>A short value for a filter parameter: hostile pieces, sometimes around a real value.</summary>
    public string NextShort(string realValue) => _random.Next(3) switch
    {
        0 => realValue + Pieces[_random.Next(Pieces.Length)],
        1 => Pieces[_random.Next(Pieces.Length)],
        _ => Pieces[_random.Next(Pieces.Length)] + Pieces[_random.Next(Pieces.Length)] + realValue,
    };

    public bool Chance(int oneIn) => _random.Next(oneIn) == 0;

    /// <summary>How the text looks in an assertion message: escaped, so control characters and NUL are visible.</summary>
    public static string Show(string? text) => text is null ? "null" : string.Concat(text.Select(c =>
        char.IsControl(c) || char.IsSurrogate(c) || c is '\u200b' or '\u200c' or '\u200d' or '\u200f' or '\u202e' or '\ufeff' or '\\'
            ? $"\\u{(int)c:x4}" : c.ToString()));
}
