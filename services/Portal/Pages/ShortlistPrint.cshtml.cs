using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;
using Portal.Identity;
using Portal.Print;

namespace Portal.Pages;

/// <summary>
/// A practitioner's shortlist on paper, to hand to a person choosing between activities: the person's name is not
/// asked for (the shortlist is not theirs in any record), so the sheet has a line to write a first name on.
/// </summary>
[Authorize(Policy = Roles.Practitioner)]
public sealed class ShortlistPrintModel(DirectoryClient directory, TimeProvider clock) : PrintPage
{
    public override (string Href, string Text) Back => ("/shortlist", PortalText.Get("Print.BackToShortlist"));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnGetPdfAsync(CancellationToken ct) =>
        await LoadAsync(ct) ?? (Sheet is null ? StatusCode(StatusCodes.Status503ServiceUnavailable) : Pdf(PortalText.Get("Print.ShortlistHeading"), "activities.pdf"));

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var listings = new List<Listing>();
        foreach (var id in Shortlist.Read(HttpContext))
        {
            var result = await directory.GetServiceAsync(id, ct);
            if (result.Ok) listings.Add(result.Value!);
            else if (result.Outcome != ApiOutcome.NotFound) { Check(result, "shortlisted activity"); return null; }
        }
        if (listings.Count == 0) return RedirectToPage("/Shortlist");
        Sheet = PrintSheet.Shortlist(listings, User.DisplayName(), UkTime.Today(clock));
        return null;
    }
}
