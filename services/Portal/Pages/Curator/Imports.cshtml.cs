using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages.Curator;

/// <summary>
/// Other publishers' Open Referral UK feeds: the ones imported on a schedule (add one, run one now), the latest
/// runs with their outcome, and the publishers' own taxonomy terms to map to the hub's categories.
/// </summary>
[Authorize(Policy = Roles.Curator)]
public sealed class ImportsModel(DirectoryClient directory) : PortalPage
{
    public List<ScheduledFeed>? Feeds { get; private set; }
    public List<ImportRunSummary>? Runs { get; private set; }
    public List<PublisherTerm>? Terms { get; private set; }
    public List<TaxonomyGroup>? Categories { get; private set; }

    [BindProperty] public string? FeedUrl { get; set; }
    [BindProperty] public string? Publisher { get; set; }
    [BindProperty] public int IntervalMinutes { get; set; } = 24 * 60;

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostScheduleAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(FeedUrl)) AddError("url", "Enter the feed's address");
        else if (Check(await directory.ScheduleFeedAsync(FeedUrl.Trim(), string.IsNullOrWhiteSpace(Publisher) ? null : Publisher.Trim(), IntervalMinutes, ct),
                     "feed", "url"))
        {
            Flash("Feed scheduled: its first import runs within a minute.");
            return RedirectToPage();
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRunAsync(Guid id, CancellationToken ct)
    {
        if (Check(await directory.RunFeedNowAsync(id, ct), "feed"))
        {
            Flash("The feed will be imported within a minute.");
            return RedirectToPage();
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostMapAsync(Guid id, string? name, string? code, CancellationToken ct)
    {
        if (Check(await directory.MapPublisherTermAsync(id, string.IsNullOrWhiteSpace(code) ? null : code, ct), "term", TermField(id)))
        {
            Flash(code is null ? $"'{name}' is no longer mapped." : $"'{name}' is mapped: every listing carrying it now has the category.");
            return RedirectToPage();
        }
        await LoadAsync(ct);
        return Page();
    }

    public static string TermField(Guid id) => $"code-{id}";

    private async Task LoadAsync(CancellationToken ct)
    {
        var feeds = await directory.ScheduledFeedsAsync(ct);
        if (Check(feeds, "scheduled feeds")) Feeds = feeds.Value;
        var runs = await directory.ImportRunsAsync(ct);
        if (Check(runs, "import runs")) Runs = runs.Value;
        var terms = await directory.PublisherTermsAsync(ct);
        if (Check(terms, "publishers' terms")) Terms = terms.Value;
        var categories = await directory.CategoriesAsync(ct);
        if (Check(categories, "categories")) Categories = categories.Value;
    }
}
