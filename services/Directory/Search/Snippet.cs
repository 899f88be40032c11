using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using BuildingBlocks.Text;

namespace DirectoryService.Search;

/// <summary>
/// A listing's snippet for a text search: up to <see cref="MaxWords"/> words of its text where the query's words are
/// densest, each of them marked, the rest HTML-escaped. A word matches when its Snowball English stem, accents and case
/// folded, is a query word's (what PostgreSQL's english configuration with unaccent matches), so what is marked is what
/// the text search found. Made here, not by ts_headline: that re-parsed each of the page's descriptions inside the
/// database, a third of a text statement's time (docs/search/issue-23-progress.md). Pure: unit-tested.
/// </summary>
public sealed class Snippet
{
    public const int MaxWords = 30;

    /// <summary>Words shown before the first match, so a snippet does not open on it.</summary>
    private const int Lead = 3;

    private readonly HashSet<string> _terms;

    private Snippet(HashSet<string> terms) => _terms = terms;

    /// <summary>Snippets for a search's text: the stems of its words, worked out once for the page's rows.</summary>
    public static Snippet For(TextQuery query) => new(Terms(query));

    /// <summary>Marked with the control characters <see cref="SearchSql.Highlight"/> turns into mark tags, as SQLite's snippet() is.</summary>
    public string Of(string text)
    {
        var words = Spans(text);
        var matched = words.Select(w => _terms.Contains(Stem(text.AsSpan(w.Start, w.Length)))).ToArray();
        var start = Best(matched);
        var end = Math.Min(words.Count, start + MaxWords) - 1;
        if (end < 0) return SearchSql.Highlight(text)!;

        var marked = new StringBuilder(start > 0 ? "…" : "");
        var at = start == 0 ? 0 : words[start].Start;
        for (var i = start; i <= end; i++)
        {
            marked.Append(text, at, words[i].Start - at);
            if (matched[i]) marked.Append('\u0001').Append(text, words[i].Start, words[i].Length).Append('\u0002');
            else marked.Append(text, words[i].Start, words[i].Length);
            at = words[i].Start + words[i].Length;
        }
        // Punctuation closing the last word shown stays with it; the rest is cut.
        marked.Append(end == words.Count - 1 ? text[at..] : text[at..words[end + 1].Start].TrimEnd());
        if (end < words.Count - 1) marked.Append('…');
        return SearchSql.Highlight(marked.ToString())!;
    }

    /// <summary>
    /// Where the shown words start: the window holding the most matches, and among those the one whose first match
    /// comes <see cref="Lead"/> words in. No match (found by its name or organisation): the start.
    /// </summary>
    private static int Best(bool[] matched)
    {
        var (best, bestCount, bestOffBy) = (0, 0, int.MaxValue);
        for (var start = 0; start <= Math.Max(0, matched.Length - MaxWords); start++)
        {
            var window = matched.AsSpan(start, Math.Min(MaxWords, matched.Length - start));
            var count = window.Count(true);
            if (count == 0) continue;
            var offBy = Math.Abs(window.IndexOf(true) - Lead);
            if (count > bestCount || count == bestCount && offBy < bestOffBy) (best, bestCount, bestOffBy) = (start, count, offBy);
        }
        return best;
    }

    /// <summary>The stems of the words searched for: every phrase of every group; typed search syntax without its exclusions.</summary>
    private static HashSet<string> Terms(TextQuery query)
    {
        var words = query.Verbatim
            ? query.Raw.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => !t.StartsWith('-') && t != "OR").SelectMany(TextQuery.Words)
            : query.Groups.SelectMany(g => g).SelectMany(TextQuery.Words);
        return [.. words.Where(w => !TextQuery.IsStopWord(w)).Select(w => Stem(w))];
    }

    /// <summary>
    /// A word's stem, kept once worked out: a page's descriptions hold about a thousand words, and stemming each anew
    /// cost more than ts_headline did in the database. Listings are written with a few thousand distinct words; the
    /// cache stops growing at <see cref="StemsKept"/> all the same.
    /// </summary>
    private static string Stem(ReadOnlySpan<char> word)
    {
        if (StemOf.TryGetValue(word, out var stem)) return stem;
        var typed = word.ToString();
        stem = WordForms.Stem(Folded(typed));
        if (Stems.Count < StemsKept) Stems.TryAdd(typed, stem);
        return stem;
    }

    private const int StemsKept = 100_000;
    private static readonly ConcurrentDictionary<string, string> Stems = new();
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> StemOf = Stems.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Lower case without accents or apostrophes ("Café" and "cafe", "men's" and "mens" are one word), as unaccent folds them.</summary>
    private static string Folded(string word)
    {
        var folded = new StringBuilder(word.Length);
        foreach (var c in word)
        {
            if (c is '\'' or '\u2019') continue;
            var lower = char.ToLowerInvariant(c);
            if (LatinLetters.Plain(lower) is { } plain) folded.Append(plain);
            else folded.Append(lower);
        }
        return folded.ToString();
    }

    /// <summary>The words of <paramref name="text"/>: letters and digits, with apostrophes inside a word kept in it.</summary>
    private static List<(int Start, int Length)> Spans(string text)
    {
        var spans = new List<(int, int)>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || char.GetUnicodeCategory(text[i]) == UnicodeCategory.NonSpacingMark
                || start >= 0 && text[i] is ('\'' or '\u2019') && i + 1 < text.Length && char.IsLetter(text[i + 1]));
            if (inWord && start < 0) start = i;
            else if (!inWord && start >= 0)
            {
                spans.Add((start, i - start));
                start = -1;
            }
        }
        return spans;
    }
}
