namespace DirectoryService.Search;

/// <summary>The unstemmed words of a listing's name, taxonomy and summary: the vocabulary typo correction picks from.</summary>
public static class IndexWords
{
    public static IEnumerable<string> From(SearchDocument doc) =>
        TextQuery.Words($"{doc.Name} {doc.TaxonomyText} {doc.Summary} {doc.Description} {doc.OrganisationName}")
            .Where(w => w.Length >= 3 && w.Length <= 30 && !w.Any(char.IsDigit))
            .Distinct();
}
