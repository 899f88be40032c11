namespace DirectoryService.Search;

/// <summary>
/// The maintained synonym list (Search/synonyms.txt, copied beside the service): phrases people type mapped to the
/// phrases listings use. Loaded once; curators change the file and restart (the rules are small and reviewed).
/// A line <c>[meaning]</c> starts the rules that say what something means rather than how else it is written
/// (conditions and life events: "copd" => breathing): the semantic path embeds a query with those expansions only,
/// as the model already knows that a chat is company, and everyday synonyms appended to a query pull its meaning
/// towards whichever idea has the most of them. <c>[words]</c> goes back to everyday synonyms (the default).
/// </summary>
public sealed class Synonyms
{
    private readonly Dictionary<string, string[]> _rules = new();
    private readonly HashSet<string> _meaning = new();
    public int LongestPhrase { get; }

    public Synonyms(IEnumerable<string> lines)
    {
        var meaning = false;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                meaning = line[1..^1].Trim() switch
                {
                    "meaning" => true,
                    "words" => false,
                    var other => throw new FormatException($"Unknown synonym section [{other}]: [meaning] or [words]"),
                };
                continue;
            }
            var parts = line.Split("=>");
            if (parts.Length != 2) throw new FormatException($"Synonym rule without '=>': {line}");
            var expansions = Phrases(parts[1]);
            foreach (var trigger in Phrases(parts[0]))
            {
                _rules[trigger] = _rules.TryGetValue(trigger, out var existing) ? [.. existing.Union(expansions)] : expansions;
                if (meaning) _meaning.Add(trigger);
                LongestPhrase = Math.Max(LongestPhrase, trigger.Split(' ').Length);
            }
        }
    }

    public static Synonyms Load() =>
        new(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Search", "synonyms.txt")));

    public IReadOnlyList<string>? Expand(string phrase) => _rules.TryGetValue(phrase, out var expansions) ? expansions : null;

    /// <summary>True when <paramref name="phrase"/> is a rule of the <c>[meaning]</c> section (its expansions are embedded too).</summary>
    public bool SaysMeaning(string phrase) => _meaning.Contains(phrase);

    public bool Knows(string word) => _rules.Keys.Any(k => k.Split(' ').Contains(word));

    private static string[] Phrases(string list) =>
        [.. list.Split(',').Select(p => string.Join(' ', TextQuery.Words(p))).Where(p => p.Length > 0).Distinct()];
}
