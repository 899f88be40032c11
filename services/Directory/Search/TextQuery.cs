using System.Text;

namespace DirectoryService.Search;

/// <summary>
/// Free text planned for the adapters: groups of alternative phrases. Strict mode needs every group to match
/// (one of its alternatives); loose mode any group (used when strict finds too little). A query that uses web-search
/// syntax itself (quotes, "-word", "OR" in capitals) is passed to the engine as typed, without synonyms.
/// </summary>
public sealed record TextQuery(string Raw, IReadOnlyList<IReadOnlyList<string>> Groups, bool Loose, bool Verbatim)
{
    /// <summary>
    /// What the semantic path reads, when it is more than <see cref="Raw"/>: an age the query said is a filter for the
    /// text path, but "a 20 year old who is depressed" still means a young adult to the model.
    /// </summary>
    public string? ReadAs { get; init; }

    /// <summary>
    /// PostgreSQL's english stop words (tsearch_data/english.stop, Snowball's list), which its engine never indexes,
    /// and a few more no listing is about. One list for both engines: a word only one of them can match would make the
    /// two answer differently (PostgreSQL said "nothing for do" where SQLite matched it).
    /// </summary>
    private static readonly HashSet<string> StopWords =
    [
        "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself",
        "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself", "they",
        "them", "their", "theirs", "themselves", "what", "which", "who", "whom", "this", "that", "these", "those",
        "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "having", "do", "does", "did",
        "doing", "a", "an", "the", "and", "but", "if", "or", "because", "as", "until", "while", "of", "at", "by",
        "for", "with", "about", "against", "between", "into", "through", "during", "before", "after", "above",
        "below", "to", "from", "up", "down", "in", "out", "on", "off", "over", "under", "again", "further", "then",
        "once", "here", "there", "when", "where", "why", "how", "all", "any", "both", "each", "few", "more", "most",
        "other", "some", "such", "no", "nor", "not", "only", "own", "same", "so", "than", "too", "very", "s", "t",
        "can", "will", "just", "don", "should", "now",
        "near", "someone", "something", "find", "looking", "want", "need", "get", "im", "hes", "shes", "would", "like",
        // Contractions as typed without the apostrophe, and "since": no listing is about them, and neither engine can
        // match them (PostgreSQL reads "doesn't" as two stop words), so a page would say "nothing for doesnt". Not
        // those that are words too: "shed", "ill", "well", "wed", "id".
        "dont", "doesnt", "didnt", "cant", "couldnt", "wont", "wouldnt", "shouldnt", "isnt", "arent", "wasnt", "werent",
        "hasnt", "havent", "hadnt", "ive", "youve", "weve", "theyve", "youre", "theyre", "hed", "youd", "theyd",
        "thats", "theres", "whats", "since",
    ];

    /// <summary>A word too common to search for on its own ("the", "near").</summary>
    public static bool IsStopWord(string word) => StopWords.Contains(word);

    /// <summary>Lower-case words with apostrophes dropped ("Men's" -> "mens"); other punctuation separates words.</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in Typeable(text).Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(c)) current.Append(char.ToLowerInvariant(c));
            else if (c is '\'' or '\u2019') continue;
            else Flush();
        }
        Flush();
        return words;

        void Flush()
        {
            if (current.Length > 0) words.Add(current.ToString());
            current.Clear();
        }
    }

    /// <summary>
    /// Control characters and unpaired surrogates (no one types them, but a URL or a client can carry them) become
    /// spaces: normalising throws on an unpaired surrogate, and PostgreSQL rejects NUL in text.
    /// </summary>
    public static string Typeable(string text)
    {
        if (!text.Any(c => char.IsControl(c) || char.IsSurrogate(c))) return text;
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1])) i++;
            else if (char.IsControl(chars[i]) || char.IsSurrogate(chars[i])) chars[i] = ' ';
        }
        return new string(chars);
    }

    /// <summary>
    /// Null when nothing searchable is left (empty, only stop words, only syntax such as a lone quote or minus):
    /// the search then runs without text rather than handing an engine an empty expression.
    /// </summary>
    public static TextQuery? Plan(string? typed, Synonyms synonyms)
    {
        if (string.IsNullOrWhiteSpace(typed)) return null;
        var text = Typeable(typed);
        var words = Words(text);
        // "OR" in capitals is the web-search operator; a lower-case "or" is English ("the internet or a mobile phone"):
        // planned like any other words, so synonyms and the semantic path still apply.
        var verbatim = text.Contains('"') || text.Contains(" -") || text.StartsWith('-')
            || text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("OR") && words.Count > 2;
        var groups = new List<IReadOnlyList<string>>();
        for (var i = 0; i < words.Count;)
        {
            var matched = false;
            // Longest synonym phrase starting here wins ("new mum" before "mum").
            for (var length = Math.Min(synonyms.LongestPhrase, words.Count - i); length >= 1 && !verbatim; length--)
            {
                var phrase = string.Join(' ', words.Skip(i).Take(length));
                if (synonyms.Expand(phrase) is not { } expansions) continue;
                groups.Add([phrase, .. expansions.Where(e => e != phrase)]);
                i += length;
                matched = true;
                break;
            }
            if (matched) continue;
            if (!StopWords.Contains(words[i])) groups.Add([words[i]]);
            i++;
        }
        if (groups.Count == 0) return null;
        return new TextQuery(text.Trim(), groups, Loose: false, verbatim);
    }

    /// <summary>The single typed words (not synonym phrases): the ones a typo fallback may correct.</summary>
    public IReadOnlyList<string> CorrectableWords => [.. Groups.Where(g => g.Count == 1 && !g[0].Contains(' ')).Select(g => g[0])];

    /// <summary>Adds each correction as an alternative of the word it corrects ("befreinding" | "befriending").</summary>
    public TextQuery WithCorrections(IReadOnlyDictionary<string, string> corrections, Synonyms synonyms) => this with
    {
        Verbatim = false,
        Groups = [.. Groups.Select(g => g.Count == 1 && corrections.TryGetValue(g[0], out var fixedWord)
            ? (IReadOnlyList<string>)[fixedWord, .. synonyms.Expand(fixedWord) ?? []]
            : g)],
    };

    public TextQuery AsLoose() => this with { Loose = true, Verbatim = false };

    /// <summary>
    /// Words that say what kind of thing is wanted but not what it is about ("sailing club": the club is generic, the
    /// sailing is the point). An any-word fallback never ranks a listing on these alone: most listings hold one.
    /// </summary>
    public static readonly IReadOnlySet<string> GenericWords = new HashSet<string>
    {
        "club", "clubs", "group", "groups", "session", "sessions", "class", "classes", "course", "courses", "activity",
        "activities", "service", "services", "support", "help", "people", "person", "meet", "meeting", "meetings", "meetup",
        "speaker", "speakers", "talk", "talks", "event", "events", "local", "weekly", "monthly", "community", "centre",
        "center", "project", "programme", "place", "places", "thing", "things", "somewhere", "anything", "team",
        "organisation", "charity", "friendly", "welcome", "new", "free", "day", "days", "week", "time", "times",
        "lesson", "lessons", "adult", "adults",
        // Wanting, liking and joining: "loves acting, wants to join a group" is about acting, and a listing that says
        // "join" or "love" is no nearer to it.
        "wants", "wanted", "wanting", "love", "loves", "loved", "likes", "liked", "enjoy", "enjoys", "enjoyed", "keen",
        "interested", "join", "joins", "joining", "come", "comes", "coming", "go", "goes", "going", "try", "tries",
        "trying", "others", "everyone", "anyone", "anybody", "somebody", "everybody",
        // Who the person is to the one searching: "my dad has parkinsons" is about Parkinson's, not dads' groups.
        "dad", "dads", "father", "mum", "mums", "mother", "husband", "wife", "partner", "son", "daughter", "grandad",
        "grandma", "nan", "gran", "neighbour", "friend", "brother", "sister", "client", "patient",
        // Who the person is ("a gay man in his seventies" is about LGBT company, not any men's group); a group for
        // them is named in the plural ("women's group") and stays specific.
        "man", "woman", "lady", "gentleman", "bloke", "chap", "male", "female", "boy", "girl", "lad",
    };

    /// <summary>A group typed as a single generic word (its synonyms do not make it specific: "dad" => dads, fathers).</summary>
    public static bool IsGeneric(IReadOnlyList<string> group) => GenericWords.Contains(Typed(group));

    /// <summary>The groups that carry what the query is about (not <see cref="GenericWords"/> alone).</summary>
    public IReadOnlyList<IReadOnlyList<string>> SpecificGroups => [.. Groups.Where(g => !IsGeneric(g))];

    /// <summary>The same query without <paramref name="dropped"/> groups; null when nothing is left.</summary>
    public TextQuery? Without(IReadOnlyCollection<IReadOnlyList<string>> dropped) =>
        Groups.Where(g => !dropped.Contains(g)).ToList() is { Count: > 0 } kept ? this with { Groups = kept, Verbatim = false } : null;

    /// <summary>How a group reads to a person: the phrase typed (its first alternative).</summary>
    public static string Typed(IReadOnlyList<string> group) => group[0];

    public IEnumerable<string> AllWords => Groups.SelectMany(g => g).SelectMany(p => p.Split(' ')).Distinct();
}
