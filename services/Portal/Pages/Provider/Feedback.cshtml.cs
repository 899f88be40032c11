using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages.Provider;

/// <summary>
/// What residents said about one of the organisation's listings, as published, and its one public reply to each: a
/// reply is shown under the feedback on the listing page and cannot be changed (Feedback answers 409 to a second).
/// </summary>
[Authorize(Policy = Roles.Provider)]
public sealed class FeedbackModel(DirectoryClient directory, FeedbackCurationClient feedback) : PortalPage
{
    public const int MaxReply = 1000;

    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public Listing? Listing { get; private set; }
    public ActivityFeedback? Published { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReplyAsync(Guid feedbackId, string? reply, CancellationToken ct)
    {
        var field = ReplyField(feedbackId);
        if (string.IsNullOrWhiteSpace(reply)) AddError(field, "Enter your reply");
        else if (reply.Trim().Length > MaxReply) AddError(field, $"Your reply must be {MaxReply} characters or fewer");
        else
        {
            var result = await feedback.ReplyAsync(Id, feedbackId, reply.Trim(), ct);
            if (result.Ok)
            {
                Flash("Your reply is published under the feedback on the listing.");
                return RedirectToPage(new { Id });
            }
            if (result.Problem?.Status == StatusCodes.Status409Conflict)
                AddError(field, result.Problem.Detail ?? "This feedback already has your organisation's reply.");
            else
            {
                Check(result, "feedback", field);
                // The service names its field "text"; on this page each feedback has its own reply box.
                foreach (var error in Errors.Where(e => e.InputId == "text").ToList())
                {
                    Errors.Remove(error);
                    AddError(field, error.Message);
                }
            }
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public static string ReplyField(Guid feedbackId) => $"reply-{feedbackId}";

    /// <summary>False when there is no such listing (the page is not found).</summary>
    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var listing = await directory.GetServiceAsync(Id, ct);
        if (IsMissing(listing)) return false;
        if (!Check(listing, "listing")) return true;
        Listing = listing.Value;
        var published = await feedback.PublishedAsync(Id, ct);
        // A listing nobody has given feedback on yet may not be known to Feedback: nothing to show, not a fault.
        if (published.Ok) Published = published.Value;
        else if (published.Outcome != ApiOutcome.NotFound) Check(published, "feedback");
        return true;
    }
}
