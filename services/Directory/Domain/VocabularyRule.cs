using BuildingBlocks.Web;
using DirectoryService.Search;

namespace DirectoryService.Domain;

/// <summary>
/// One rule of the search vocabulary, kept by curators: what people type (phrases) and what it should also find
/// (phrases). A <see cref="Words"/> rule is another way of writing something (text search only); a
/// <see cref="Meaning"/> rule says what a condition or life event means ("copd" => breathing), so the semantic path
/// embeds a query with its expansions too. Phrases are kept as search plans them (<see cref="Normalise"/>), so a rule
/// matches exactly what it shows. No phrase a person types may start two rules: which would win is not obvious.
/// </summary>
public sealed class VocabularyRule
{
    public const string Words = "words";
    public const string Meaning = "meaning";
    public static readonly IReadOnlyList<string> Kinds = [Words, Meaning];

    /// <summary>Phrases on either side; the longest shipped rule has 10.</summary>
    public const int MaxPhrases = 20;
    public const int MaxPhraseLength = 60;
    /// <summary>Search tries every phrase length up to the longest rule's at each word of a query: kept short.</summary>
    public const int MaxWordsInPhrase = 6;
    public const int MaxNoteLength = 500;
    /// <summary>Phrases are stored joined by this (a phrase never holds a comma).</summary>
    public const string Separator = ", ";

    public Guid Id { get; private set; }
    public string Kind { get; private set; } = Words;
    /// <summary>What people type, normalised, joined by <see cref="Separator"/>.</summary>
    public string Typed { get; private set; } = "";
    /// <summary>What it should also find, normalised, joined by <see cref="Separator"/>.</summary>
    public string AlsoFinds { get; private set; } = "";
    public string? Note { get; private set; }
    /// <summary>Who last changed it, as a history names them ("Sam Curator (curator)").</summary>
    public string ChangedBy { get; private set; } = "";
    public DateTimeOffset ChangedAt { get; private set; }

    private VocabularyRule() { }

    public VocabularyRule(string kind, IEnumerable<string> typed, IEnumerable<string> alsoFinds, string? note, string by, DateTimeOffset at,
        Guid? id = null)
    {
        Id = id ?? Guid.CreateVersion7();
        Change(kind, typed, alsoFinds, note, by, at);
    }

    public IReadOnlyList<string> TypedPhrases => Typed.Split(Separator);

    public IReadOnlyList<string> AlsoFindsPhrases => AlsoFinds.Split(Separator);

    public bool SaysMeaning => Kind == Meaning;

    public void Change(string kind, IEnumerable<string> typed, IEnumerable<string> alsoFinds, string? note, string by, DateTimeOffset at)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Kinds.Contains(kind)) errors["kind"] = [$"'kind' must be one of {string.Join(", ", Kinds)}."];
        var typedPhrases = Phrases(typed, "typed", errors);
        // A phrase of common words can still say something ("on my own"); a common word alone cannot.
        if (typedPhrases.FirstOrDefault(p => !p.Contains(' ') && TextQuery.IsStopWord(p)) is { } common)
            errors["typed"] = [$"'{common}' is in almost every search: a rule for it would change them all."];
        var alsoFindsPhrases = Phrases(alsoFinds, "alsoFinds", errors);
        if (note?.Trim() is { Length: > MaxNoteLength }) errors["note"] = [$"'note' must be {MaxNoteLength} characters or fewer."];
        if (errors.Count > 0) throw new RuleViolationException("The vocabulary rule cannot be saved.", errors);
        Kind = kind;
        Typed = string.Join(Separator, typedPhrases);
        AlsoFinds = string.Join(Separator, alsoFindsPhrases);
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        ChangedBy = by.Length > 200 ? by[..200] : by;
        ChangedAt = at;
    }

    /// <summary>
    /// 409 when a phrase this rule is for already starts another rule: a curator edits that rule instead (the answer
    /// names it), so one phrase is never expanded two ways depending on which rule was read last. Two curators saving
    /// the same new phrase at the same instant can both pass; search then merges the two rules' expansions
    /// (<see cref="Synonyms"/>), and the list shows both to tidy.
    /// </summary>
    public void RefuseClashWith(IEnumerable<VocabularyRule> others)
    {
        foreach (var other in others.Where(o => o.Id != Id))
        {
            var shared = TypedPhrases.Intersect(other.TypedPhrases).ToList();
            if (shared.Count > 0)
                throw new ConflictException($"'{shared[0]}' already has a rule: change that rule instead.",
                    new Dictionary<string, object?> { ["ruleId"] = other.Id, ["phrases"] = shared });
        }
    }

    /// <summary>A phrase as search plans a query: lower case, apostrophes dropped, other punctuation between words.</summary>
    public static string Normalise(string phrase) => string.Join(' ', TextQuery.Words(phrase));

    /// <summary>Why a typed phrase cannot be part of a rule, or null when it can.</summary>
    public static string? PhraseProblem(string? phrase)
    {
        if (string.IsNullOrWhiteSpace(phrase)) return "A phrase cannot be empty.";
        if (phrase.Length > MaxPhraseLength) return $"A phrase must be {MaxPhraseLength} characters or fewer.";
        if (phrase.Contains(',') || phrase.Contains("=>", StringComparison.Ordinal)) return "A phrase cannot hold ',' or '=>': give each phrase on its own.";
        var words = TextQuery.Words(phrase);
        if (words.Count == 0) return "A phrase needs a letter or a digit.";
        if (words.Count > MaxWordsInPhrase) return $"A phrase must be {MaxWordsInPhrase} words or fewer.";
        // Normalising can lengthen a few characters ("ﬃ" is "ffi"): the phrase kept must fit too.
        if (words.Sum(w => w.Length + 1) - 1 > MaxPhraseLength) return $"A phrase must be {MaxPhraseLength} characters or fewer.";
        return null;
    }

    private static List<string> Phrases(IEnumerable<string> typed, string field, Dictionary<string, string[]> errors)
    {
        var given = typed.ToList();
        var problems = given.Select(PhraseProblem).OfType<string>().Distinct().ToArray();
        if (given.Count == 0) problems = [$"'{field}' needs at least one phrase."];
        if (given.Count > MaxPhrases) problems = [.. problems, $"'{field}' can have at most {MaxPhrases} phrases."];
        if (problems.Length > 0)
        {
            errors[field] = problems;
            return [];
        }
        return [.. given.Select(Normalise).Distinct()];
    }
}
