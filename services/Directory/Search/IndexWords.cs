namespace DirectoryService.Search;

/// <summary>
/// The unstemmed words of a listing's name, taxonomy, summary and description, in English and its translations: the
/// vocabulary typo correction picks from (so a Polish word is not "corrected" into an English one).
/// </summary>
public static class IndexWords
{
    public static IEnumerable<string> From(SearchDocument doc) =>
        TextQuery.Words($"{doc.IndexedName} {doc.TaxonomyText} {doc.IndexedSummary} {doc.IndexedDescription} {doc.OrganisationName}")
            .Where(Kept)
            .Distinct();

    /// <summary>Whether a word of this shape is kept in the vocabulary at all (short words and numbers are not).</summary>
    public static bool Kept(string word) => word.Length >= 3 && word.Length <= 30 && !word.Any(char.IsDigit);
}
