using BuildingBlocks.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Api;

namespace Portal.Pages.Services;

[Authorize]
[EnableRateLimiting(ClientRateLimits.Submissions)] // posting counts, reading the form does not
public sealed class FeedbackModel(DirectoryClient directory, FeedbackClient feedback) : PortalPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public int? Rating { get; set; }
    [BindProperty] public string? Comment { get; set; }
    public string? ServiceName { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Rating is not (>= 1 and <= 5)) AddError("rating", "Select a rating");
        else if (Check(await feedback.GiveFeedbackAsync(Id, Rating.Value, Comment, ct), "feedback", "rating"))
        {
            Flash("Thank you for your feedback.");
            return Redirect($"/services/{Id}");
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    /// <summary>False when there is no such activity (the page is not found).</summary>
    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var service = await directory.GetServiceAsync(Id, ct);
        if (IsMissing(service)) return false;
        if (Check(service, "activity")) ServiceName = service.Value!.Name;
        return true;
    }
}
