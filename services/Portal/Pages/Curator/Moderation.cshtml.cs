using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages.Curator;

/// <summary>The Directory's moderation queue: proposed listings and edits to decide, and listings due for checking.</summary>
[Authorize(Policy = Roles.Curator)]
public sealed class ModerationModel(DirectoryClient directory, CurationClient curation) : PortalPage
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

    /// <summary>Approves the ticked changes, or every change from one organisation; says how each went.</summary>
    public async Task<IActionResult> OnPostBulkAsync(List<Guid>? ids, Guid? organisationId, CancellationToken ct)
    {
        if (organisationId is null && ids is not { Count: > 0 }) AddError("bulk", "Tick the changes to approve");
        else
        {
            var result = await curation.ApproveManyAsync(organisationId is null ? ids : null, organisationId, ct);
            if (Check(result, "changes", "bulk"))
            {
                var failed = result.Value!.Items.Where(i => i.Problem is not null).Select(i => i.Problem!.Detail ?? i.Problem.Title).ToList();
                Flash($"Approved {result.Value.Approved} changes." + (failed.Count > 0 ? $" Not approved: {failed.Count} ({string.Join("; ", failed.Distinct())})." : ""));
                return RedirectToPage();
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
