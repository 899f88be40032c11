using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages.Curator;

[Authorize(Policy = Roles.Curator)]
public sealed class CrisisModel(DirectoryClient directory) : PortalPage
{
    [BindProperty] public string? Taxonomy { get; set; }
    [BindProperty] public string? Area { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(string action, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Reason)) { AddError("reason", "Enter a reason"); return Page(); }
        var suspend = action != "reinstate";
        if (!Check(await directory.CrisisAsync(suspend, Blank(Taxonomy), Blank(Area), Reason.Trim(), ct), "crisis mode", "reason"))
            return Page();
        Flash(suspend ? "Activities suspended." : "Activities reinstated.");
        return RedirectToPage();
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
