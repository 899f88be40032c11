using DirectoryService.Domain;

namespace DirectoryService.Search;

/// <summary>
/// The search vocabulary as search reads it: phrases people type mapped to the phrases listings use. Curators keep
/// the rules in the Directory's <c>vocabulary_rules</c> table (<see cref="VocabularyRule"/>, the portal's
/// /curator/vocabulary); <see cref="VocabularyInForce"/> builds this from them and builds it again when they change.
/// Search/synonyms.txt is the shipped default, copied into an empty table at start-up.
/// A <c>[meaning]</c> rule says what something means rather than how else it is written (conditions and life events:
/// "copd" => breathing): the semantic path embeds a query with those expansions only, as the model already knows that
/// a chat is company, and everyday synonyms appended to a query pull its meaning towards whichever idea has the most
/// of them. A <c>[words]</c> rule is an everyday synonym, for text search only.
/// </summary>
public sealed class Synonyms
{
    private readonly Dictionary<string, string[]> _rules = new();
    private readonly HashSet<string> _meaning = new();
    public int LongestPhrase { get; }

    /// <summary>Rules in the file's format: <c>typed, phrases => also, finds</c>, under <c>[words]</c> or <c>[meaning]</c>.</summary>
    public Synonyms(IEnumerable<string> lines) : this(Parse(lines)) { }

    private Synonyms(IEnumerable<ShippedRule> rules)
    {
        foreach (var rule in rules)
        {
            var expansions = Phrases(rule.AlsoFinds);
            foreach (var trigger in Phrases(rule.Typed))
            {
                _rules[trigger] = _rules.TryGetValue(trigger, out var existing) ? [.. existing.Union(expansions)] : expansions;
                if (rule.Kind == VocabularyRule.Meaning) _meaning.Add(trigger);
                LongestPhrase = Math.Max(LongestPhrase, trigger.Split(' ').Length);
            }
        }
    }

    /// <summary>The rules curators keep (<see cref="VocabularyRule"/>).</summary>
    public static Synonyms From(IEnumerable<VocabularyRule> rules) =>
        new(rules.Select(r => new ShippedRule(r.Kind, r.TypedPhrases, r.AlsoFindsPhrases)));

    /// <summary>The shipped default, Search/synonyms.txt beside the service.</summary>
    public static Synonyms Load() => new(ShippedLines());

    public static IReadOnlyList<string> ShippedLines() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Search", "synonyms.txt"));

    /// <summary>One rule a line; a line <c>[meaning]</c> or <c>[words]</c> sets the kind of the rules after it.</summary>
    public static IReadOnlyList<ShippedRule> Parse(IEnumerable<string> lines)
    {
        var rules = new List<ShippedRule>();
        var kind = VocabularyRule.Words;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                kind = line[1..^1].Trim() is var section && VocabularyRule.Kinds.Contains(section) ? section
                    : throw new FormatException($"Unknown synonym section {line}: [meaning] or [words]");
                continue;
            }
            var parts = line.Split("=>");
            if (parts.Length != 2) throw new FormatException($"Synonym rule without '=>': {line}");
            rules.Add(new ShippedRule(kind, Split(parts[0]), Split(parts[1])));
        }
        return rules;

        static string[] Split(string list) => [.. list.Split(',').Select(p => p.Trim()).Where(p => p.Length > 0)];
    }

    public IReadOnlyList<string>? Expand(string phrase) => _rules.TryGetValue(phrase, out var expansions) ? expansions : null;

    /// <summary>True when <paramref name="phrase"/> is typed in a <c>[meaning]</c> rule (its expansions are embedded too).</summary>
    public bool SaysMeaning(string phrase) => _meaning.Contains(phrase);

    public bool Knows(string word) => _rules.Keys.Any(k => k.Split(' ').Contains(word));

    /// <summary>
    /// The one-word phrase a rule is typed as that <paramref name="word"/> is a misspelling of, within the edits the
    /// index's own correction allows (1, or 2 from 8 letters): "altzheimers" is "alzheimers", which no listing says.
    /// </summary>
    public string? Misspelt(string word)
    {
        if (EditDistance.Allowed(word) is not { } allowed) return null;
        return _rules.Keys.Where(k => !k.Contains(' ') && Math.Abs(k.Length - word.Length) <= allowed)
            .Select(k => (Phrase: k, Edits: EditDistance.Between(k, word))).Where(c => c.Edits > 0 && c.Edits <= allowed)
            .OrderBy(c => c.Edits).ThenBy(c => c.Phrase, StringComparer.Ordinal).Select(c => c.Phrase).FirstOrDefault();
    }

    private static string[] Phrases(IEnumerable<string> list) =>
        [.. list.Select(VocabularyRule.Normalise).Where(p => p.Length > 0).Distinct()];
}

/// <summary>A rule as written in the file: its kind, what people type and what it should also find, as typed.</summary>
public sealed record ShippedRule(string Kind, IReadOnlyList<string> Typed, IReadOnlyList<string> AlsoFinds);
