using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages.Curator;

/// <summary>Resident feedback waiting for a curator: publish it on the listing, or withhold it (with a reason kept).</summary>
[Authorize(Policy = Roles.Curator)]
public sealed class FeedbackModel(FeedbackCurationClient feedback) : PortalPage
{
    public FeedbackQueue? Queue { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostApproveAsync(Guid id, string? activity, CancellationToken ct)
    {
        if (Check(await feedback.ApproveAsync(id, ct), "feedback"))
        {
            Flash($"Published on {activity ?? "the listing"}.");
            return RedirectToPage();
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRejectAsync(Guid id, string? activity, string? reason, CancellationToken ct)
    {
        if (Check(await feedback.RejectAsync(id, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), ct), "feedback", ReasonField(id)))
        {
            Flash($"Withheld: the feedback on {activity ?? "the listing"} will not be shown.");
            return RedirectToPage();
        }
        await LoadAsync(ct);
        return Page();
    }

    public static string ReasonField(Guid id) => $"reason-{id}";

    private async Task LoadAsync(CancellationToken ct)
    {
        var queue = await feedback.QueueAsync(ct);
        if (Check(queue, "feedback queue")) Queue = queue.Value;
    }
}
