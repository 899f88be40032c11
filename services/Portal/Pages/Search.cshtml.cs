using BuildingBlocks.Hosting;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Api;

namespace Portal.Pages;

[EnableRateLimiting(ClientRateLimits.Search)]
public sealed class SearchModel(DirectoryClient directory) : PortalPage
{
    public SearchQuery Query { get; private set; } = new(null, null, null, null, null, false, 1);
    public SearchResults? Results { get; private set; }
    public int PageSize => 20;

    public async Task OnGetAsync(string? q, string? postcode, int? radiusKm, string? taxonomy, string? day, bool free, int page = 1,
        bool includeRemote = false, CancellationToken ct = default)
    {
        Query = new SearchQuery(q?.Trim(), postcode?.Trim(), radiusKm, taxonomy?.Trim(), day, free, Math.Max(page, 1), includeRemote);
        if (Query.IsEmpty && !Request.Query.ContainsKey("q")) return;
        var result = await directory.SearchAsync(Query, ct);
        if (Check(result, "search", "q")) Results = result.Value;
    }

    public string PageLink(int page) => Link("page", page.ToString());

    /// <summary>The same search from its first page, with activities online or by phone as well.</summary>
    public string WithRemoteLink => Link("includeRemote", "true", "page");

    private string Link(string key, string value, params string[] drop) => "/search" + QueryString.Create(Request.Query
        .Where(p => p.Key != key && !drop.Contains(p.Key))
        .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
        .Append(new(key, value))).ToUriComponent();
}
