using System.Text.RegularExpressions;

namespace BuildingBlocks.Privacy;

/// <summary>
/// Screens the words a search found nothing for before they leave the Directory (and again where insight keeps them):
/// free text can hold a person's name, phone number, email address or postcode, so a word is kept only if it looks
/// like none of them. Dropped: anything with a digit or an @ (phones, house numbers, emails, postcodes), anything
/// postcode-shaped, a word typed with a capital letter anywhere but the start of the query (or at the start when the
/// next word is capitalised too: "John Smith"), a common first name or surname, and anything under 3 or over 30
/// letters. Errs on the side of dropping: a lost gap word costs less than a name kept.
/// </summary>
public static partial class SearchWordScreen
{
    /// <summary>The words of <paramref name="unmatched"/> (phrases as the search said them) that pass the screen, lower case.</summary>
    /// <param name="typed">The query as typed, for the capitals a name is written with; null when only the words are known.</param>
    public static IReadOnlyList<string> Screen(string? typed, IEnumerable<string> unmatched)
    {
        var tokens = typed is null ? [] : Token().Matches(typed).Select(m => m.Value.TrimEnd('.')).Where(t => t.Length > 0).ToList();
        // Dropped with their parts: capitalised names, and anything typed inside an email, number or postcode
        // ("pat@example.org" reaches the search as "pat", "example", "org").
        var dropped = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!PlainWord().IsMatch(tokens[i])) dropped.UnionWith(Letters().Matches(tokens[i]).Select(m => m.Value));
            if (!char.IsUpper(tokens[i][0])) continue;
            var nextCapitalised = i + 1 < tokens.Count && char.IsUpper(tokens[i + 1][0]);
            if (i > 0 || nextCapitalised) dropped.UnionWith(Letters().Matches(tokens[i]).Select(m => m.Value));
        }
        return [.. unmatched.SelectMany(phrase => phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(word => Passes(word) && !dropped.Contains(word))
            .Select(word => word.ToLowerInvariant())
            .Distinct()];
    }

    /// <summary>
    /// The taxonomy codes a search filtered on, as they may leave with it: only what looks like a code (lower-case
    /// words joined by hyphens, "arts-crafts"), none of whose words is a common name, at most 20. A hand-made URL can
    /// put any text in the filter; the portal only ever sends codes.
    /// </summary>
    public static IReadOnlyList<string> Categories(IEnumerable<string>? codes) =>
        [.. (codes ?? []).Where(c => c.Length <= 100 && Code().IsMatch(c) && !c.Split('-').Any(CommonNames.Contains)).Distinct().Take(20)];

    [GeneratedRegex(@"^[a-z]+(-[a-z]+)*$")]
    private static partial Regex Code();

    /// <summary>True when the word alone looks like none of a name, phone, email or postcode.</summary>
    public static bool Passes(string word) =>
        word.Length is >= 3 and <= 30 && PlainWord().IsMatch(word) && !CommonNames.Contains(word);

    // A token runs to whitespace, so an email address or a postcode half is one token.
    [GeneratedRegex(@"[^\s,;:!?()""]+")]
    private static partial Regex Token();

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Letters();

    // Letters only (an apostrophe or hyphen inside): no digit, no @, no dot, so never a phone, email or postcode.
    [GeneratedRegex(@"^\p{L}+(['-]\p{L}+)*$")]
    private static partial Regex PlainWord();

    // The commonest first names and surnames in England and Wales (ONS); typed in lower case they pass the capitals rule.
    private static readonly HashSet<string> CommonNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "smith", "jones", "williams", "taylor", "brown", "davies", "evans", "wilson", "thomas", "johnson", "roberts",
        "robinson", "thompson", "wright", "walker", "white", "edwards", "hughes", "green", "hall", "lewis", "harris",
        "clarke", "patel", "jackson", "wood", "turner", "martin", "cooper", "hill", "ward", "morris", "moore", "clark",
        "lee", "king", "baker", "harrison", "morgan", "allen", "james", "scott", "phillips", "watson", "davis", "parker",
        "price", "bennett", "young", "griffiths", "mitchell", "kelly", "cook", "carter", "richardson", "bailey",
        "collins", "bell", "shaw", "murphy", "miller", "cox", "richards", "khan", "marshall", "anderson", "simpson",
        "ellis", "adams", "singh", "begum", "wilkinson", "foster", "chapman", "powell", "webb", "rogers", "gray",
        "mason", "ali", "hunt", "hussain", "campbell", "matthews", "owen", "palmer", "holmes", "mills", "barnes",
        "knight", "lloyd", "butler", "russell", "barker", "fisher", "stevens", "jenkins", "murray", "dixon", "harvey",
        "john", "david", "michael", "paul", "andrew", "peter", "mark", "richard", "robert", "stephen", "christopher",
        "daniel", "matthew", "william", "george", "thomas", "jack", "oliver", "harry", "charlie", "joseph", "samuel",
        "mary", "margaret", "susan", "sarah", "elizabeth", "patricia", "linda", "jennifer", "karen", "helen", "julie",
        "emma", "olivia", "amelia", "isla", "ava", "emily", "sophie", "grace", "lily", "jessica", "charlotte", "ruby",
        "anne", "ann", "jean", "barbara", "carol", "christine", "janet", "joan", "pat", "maureen", "dorothy", "irene",
        "muhammad", "mohammed", "ahmed", "fatima", "aisha", "tony", "brian", "kevin", "gary", "alan", "ian", "colin",
    };
}
