using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages.Curator;

[Authorize(Policy = Roles.Curator)]
public sealed class ModerationModel(DirectoryClient directory) : PortalPage
{
    public List<ModerationItem>? Pending { get; private set; }
    public List<ModerationItem>? Verification { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct)
    {
        if (Check(await directory.ApproveAsync(id, ct), "listing")) { Flash("Listing approved."); return RedirectToPage(); }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRejectAsync(Guid id, string? reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason)) AddError($"reason-{id}", "Enter why the listing is being sent back");
        else if (Check(await directory.RejectAsync(id, reason, ct), "listing", $"reason-{id}"))
        {
            Flash("Listing sent back to the organisation.");
            return RedirectToPage();
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var pending = await directory.ModerationQueueAsync(null, ct);
        if (Check(pending, "moderation queue")) Pending = pending.Value;
        var verification = await directory.ModerationQueueAsync("verification", ct);
        if (verification.Ok) Verification = verification.Value;
        else if (pending.Ok) Check(verification, "verification queue");
    }
}
