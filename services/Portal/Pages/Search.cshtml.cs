using Portal.Api;

namespace Portal.Pages;

public sealed class SearchModel(DirectoryClient directory) : PortalPage
{
    public SearchQuery Query { get; private set; } = new(null, null, null, null, null, false, 1);
    public SearchResults? Results { get; private set; }
    public int PageSize => 20;

    public async Task OnGetAsync(string? q, string? postcode, int? radiusKm, string? taxonomy, string? day, bool free, int page = 1,
        CancellationToken ct = default)
    {
        Query = new SearchQuery(q?.Trim(), postcode?.Trim(), radiusKm, taxonomy?.Trim(), day, free, Math.Max(page, 1));
        if (Query.IsEmpty && !Request.Query.ContainsKey("q")) return;
        var result = await directory.SearchAsync(Query, ct);
        if (Check(result, "search", "q")) Results = result.Value;
    }

    public string PageLink(int page) => QueryString.Create(Request.Query
        .Where(p => p.Key != "page")
        .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
        .Append(new("page", page.ToString()))).ToUriComponent() is var qs ? "/search" + qs : "";
}
