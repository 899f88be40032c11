using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages.Curator;

/// <summary>The Directory's moderation queue: proposed listings and edits to decide, and listings due for checking.</summary>
[Authorize(Policy = Roles.Curator)]
public sealed class ModerationModel(DirectoryClient directory) : PortalPage
{
    public ModerationQueue? Queue { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostApproveAsync(Guid id, string? name, CancellationToken ct)
    {
        if (Check(await directory.ApproveAsync(id, ct), "change", NoteField(id)))
        {
            Flash($"Approved: {name ?? "the change"} is live.");
            return RedirectToPage();
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRejectAsync(Guid id, string? name, string? reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason)) AddError(NoteField(id), "Enter why the change is being sent back");
        else
        {
            var result = await directory.RejectAsync(id, reason.Trim(), ct);
            if (result.Ok)
            {
                Flash($"Sent back: {name ?? "the change"} was not applied. The organisation can see your reason.");
                return RedirectToPage();
            }
            Check(result, "change", NoteField(id));
            // The service names its field "note"; on this page each change has its own reason box.
            foreach (var error in Errors.Where(e => e.InputId == "note").ToList())
            {
                Errors.Remove(error);
                AddError(NoteField(id), error.Message);
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    public static string NoteField(Guid changeId) => $"reason-{changeId}";

    private async Task LoadAsync(CancellationToken ct)
    {
        var queue = await directory.ModerationQueueAsync(ct);
        if (Check(queue, "moderation queue")) Queue = queue.Value;
    }
}
