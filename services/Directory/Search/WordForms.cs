using Lucene.Net.Tartarus.Snowball.Ext;

namespace DirectoryService.Search;

/// <summary>
/// Whether two words are forms of one word ("misses" and "missed", not "doing" and "going"): the same stem from the
/// Snowball English stemmer, the algorithm PostgreSQL's english text search uses. A word spelled right is corrected
/// only into a form of itself; a word with a different stem ("woman", "women") is the vocabulary's business.
/// </summary>
public static class WordForms
{
    public static bool Same(string word, string other) => Stem(word) == Stem(other);

    public static string Stem(string word)
    {
        // The stemmer keeps state between calls: one per call (a few hundred bytes), as searches run concurrently.
        var stemmer = new EnglishStemmer();
        stemmer.SetCurrent(word);
        stemmer.Stem();
        return stemmer.Current;
    }
}
