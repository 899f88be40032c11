namespace DirectoryService.Search;

/// <summary>
/// The unstemmed words of a listing's name, taxonomy, summary and description, in English and its translations: the
/// vocabulary typo correction picks from (so a Polish word is not "corrected" into an English one).
/// </summary>
public static class IndexWords
{
    public static IEnumerable<string> From(SearchDocument doc) =>
        TextQuery.Words($"{doc.IndexedName} {doc.TaxonomyText} {doc.IndexedSummary} {doc.IndexedDescription} {doc.OrganisationName}")
            .Where(w => w.Length >= 3 && w.Length <= 30 && !w.Any(char.IsDigit))
            .Distinct();
}
