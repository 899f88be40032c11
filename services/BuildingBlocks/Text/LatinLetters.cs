namespace BuildingBlocks.Text;

/// <summary>
/// Accented Latin letters and the plain letters they fold to ("é" is "e", "ß" is "ss"), as PostgreSQL's unaccent folds
/// them. The services run with invariant globalization, where string.Normalize cannot decompose accented letters, so
/// the letters found in UK names and listings are folded by this table.
/// </summary>
public static class LatinLetters
{
    /// <summary>The plain letters of a lower-case accented letter; null when it has none (plain already, or not Latin).</summary>
    public static string? Plain(char lower) => Folds.GetValueOrDefault(lower);

    private static readonly Dictionary<char, string> Folds = new (string Accented, string Plain)[]
    {
        ("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ďđð", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"), ("ĥħ", "h"),
        ("ìíîïĩīĭįı", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"), ("òóôõöøōŏő", "o"), ("ŕŗř", "r"),
        ("śŝşš", "s"), ("ţťŧ", "t"), ("ùúûüũūŭůűų", "u"), ("ŵẁẃẅ", "w"), ("ýÿŷỳ", "y"), ("źżž", "z"),
        ("æ", "ae"), ("œ", "oe"), ("ß", "ss"), ("þ", "th"),
    }.SelectMany(f => f.Accented.Select(c => (c, f.Plain))).ToDictionary(f => f.c, f => f.Plain);
}
