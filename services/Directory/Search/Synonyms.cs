namespace DirectoryService.Search;

/// <summary>
/// The maintained synonym list (Search/synonyms.txt, copied beside the service): phrases people type mapped to the
/// phrases listings use. Loaded once; curators change the file and restart (the rules are small and reviewed).
/// </summary>
public sealed class Synonyms
{
    private readonly Dictionary<string, string[]> _rules = new();
    public int LongestPhrase { get; }

    public Synonyms(IEnumerable<string> lines)
    {
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split("=>");
            if (parts.Length != 2) throw new FormatException($"Synonym rule without '=>': {line}");
            var expansions = Phrases(parts[1]);
            foreach (var trigger in Phrases(parts[0]))
            {
                _rules[trigger] = _rules.TryGetValue(trigger, out var existing) ? [.. existing.Union(expansions)] : expansions;
                LongestPhrase = Math.Max(LongestPhrase, trigger.Split(' ').Length);
            }
        }
    }

    public static Synonyms Load() =>
        new(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Search", "synonyms.txt")));

    public IReadOnlyList<string>? Expand(string phrase) => _rules.TryGetValue(phrase, out var expansions) ? expansions : null;

    public bool Knows(string word) => _rules.Keys.Any(k => k.Split(' ').Contains(word));

    private static string[] Phrases(string list) =>
        [.. list.Split(',').Select(p => string.Join(' ', TextQuery.Words(p))).Where(p => p.Length > 0).Distinct()];
}
