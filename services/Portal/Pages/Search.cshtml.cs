using BuildingBlocks.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Api;

namespace Portal.Pages;

[EnableRateLimiting(ClientRateLimits.Search)]
public sealed class SearchModel(DirectoryClient directory, TimeProvider clock) : PortalPage
{
    public SearchQuery Query { get; private set; } = SearchQuery.None;
    public SearchResults? Results { get; private set; }
    public int PageSize => 20;

    public async Task OnGetAsync(string? q, string? postcode, int? radiusKm, string? taxonomy, string? day, bool free, int page = 1,
        bool includeRemote = false, string? language = null, string[]? accessibility = null, int? age = null,
        string? attendingType = null, string[]? asTyped = null, CancellationToken ct = default)
    {
        Query = new SearchQuery(q?.Trim(), postcode?.Trim(), radiusKm, taxonomy?.Trim(), day, free, Math.Max(page, 1), includeRemote,
            string.IsNullOrWhiteSpace(language) ? null : language.Trim(),
            accessibility is { Length: > 0 } ? [.. accessibility.Where(a => !string.IsNullOrWhiteSpace(a)).Distinct()] : null,
            age, string.IsNullOrWhiteSpace(attendingType) ? null : attendingType,
            asTyped is { Length: > 0 } ? [.. asTyped.Where(k => !string.IsNullOrWhiteSpace(k)).Distinct()] : null);
        if (Query.IsEmpty && !Request.Query.ContainsKey("q")) return;
        // What the form can get wrong is said in the page's words, before the Directory is asked.
        if (Query.Q is { Length: > MaxWords }) AddError("q", PortalText.Format("SearchForm.TooLong", MaxWords));
        if (Query.RadiusKm is { } km && string.IsNullOrWhiteSpace(Query.Postcode)) AddError("postcode", PortalText.Format("SearchForm.RadiusNeedsPostcode", km));
        if (HasErrors) return;
        // "Today" is the UK's today, not the server's or UTC's: just after midnight in summer UTC is still yesterday.
        var asked = Query.Day == "today" ? Query with { Day = UkTime.TodaysDayName(clock) } : Query;
        var result = await directory.SearchAsync(asked, ct);
        if (result.Outcome == ApiOutcome.Invalid && result.Problem!.Errors.ContainsKey("postcode"))
            AddError("postcode", PortalText.Format("SearchForm.UnknownPostcode", Query.Postcode!));
        else if (Check(result, "search", "q")) Results = result.Value;
    }

    /// <summary>
    /// "Nothing for sailing"; "Nothing for yoga with these filters" when the words do find activities and the filters
    /// (chosen, or understood from the words) leave none: the directory has yoga, and the heading must not say otherwise.
    /// </summary>
    public string NothingHeading(string nothingFor) =>
        PortalText.Format(Results?.FoundWithoutFilters is > 0 ? "Search.NothingWithFilters" : "Search.NothingFor", nothingFor);

    /// <summary>The longest search the Directory takes (its validator's limit).</summary>
    public const int MaxWords = 200;

    /// <summary>The search was reported to the hub ("Tell the hub"): the page thanks, rather than searching again.</summary>
    public bool ToldHub { get; private set; }

    /// <summary>
    /// "Tell the hub" after a miss. The page does not search again (that would count a second search): it thanks, with a
    /// link back to the search.
    /// </summary>
    public async Task<IActionResult> OnPostGapAsync(Guid searchId, CancellationToken ct)
    {
        Query = SearchQuery.None with { Q = Request.Query["q"].FirstOrDefault()?.Trim() };
        // No id (or not one) is a search that cannot be found: the Directory is not asked about an all-zero id.
        var reported = searchId == Guid.Empty ? null : await directory.ReportSearchGapAsync(searchId, ct);
        switch (reported?.Outcome)
        {
            case ApiOutcome.Ok:
                ToldHub = true;
                break;
            // The Directory's reasons name the search's id; the page says what the person can do.
            case ApiOutcome.Invalid:
                Notices.Add(new Notice(PortalText.Get("Search.GapNotSent"), PortalText.Get("Search.GapNotAMiss")));
                break;
            case null or ApiOutcome.NotFound:
                Notices.Add(new Notice(PortalText.Get("Search.GapNotSent"), PortalText.Get("Search.GapUnknown")));
                break;
            default:
                Check(reported, "search", "q");
                break;
        }
        return Page();
    }

    /// <summary>A "Tell the hub" was posted and could not be sent: the page offers the way back to the search.</summary>
    public bool GapNotSent => HttpMethods.IsPost(Request.Method) && !ToldHub;

    /// <summary>Where "Tell the hub" posts: this search's address, with the handler.</summary>
    public string GapAction => Link("handler", "gap");

    /// <summary>The search a "Tell the hub" came from.</summary>
    public string BackToSearchLink => Address(["handler"]);

    /// <summary>A result's next session in UK time ("next: tomorrow, 10am").</summary>
    public string Next(DateTimeOffset session) => UkTime.Next(session, clock);

    public string PageLink(int page) => Link("page", page.ToString());

    /// <summary>The same search from its first page, with activities online or by phone as well.</summary>
    public string WithRemoteLink => Link("includeRemote", "true", "page");

    /// <summary>The same search from its first page, with one thing it understood taken as typed words instead.</summary>
    public string AsTypedLink(string kind) => Address(["page"], ("asTyped", kind));

    private string Link(string key, string value, params string[] drop) => Address([key, .. drop], (key, value));

    /// <summary>This search's address without the <paramref name="drop"/> parameters, and with <paramref name="add"/>.</summary>
    private string Address(string[] drop, (string Key, string Value)? add = null) => "/search" + QueryString.Create(Request.Query
        .Where(p => !drop.Contains(p.Key))
        .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
        .Concat(add is { } a ? [new KeyValuePair<string, string?>(a.Key, a.Value)] : [])).ToUriComponent();
}
