using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages.Services;

public sealed class DetailModel(DirectoryClient directory) : PortalPage
{
    public Listing? Listing { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        var result = await directory.GetServiceAsync(id, ct);
        if (Check(result, "activity")) Listing = result.Value;
    }

    [Authorize(Policy = Roles.Practitioner)]
    public IActionResult OnPostShortlist(Guid id)
    {
        Shortlist.Add(HttpContext, id);
        Flash("Added to your shortlist.");
        return RedirectToPage(new { id });
    }
}
