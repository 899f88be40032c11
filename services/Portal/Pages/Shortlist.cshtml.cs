using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;

namespace Portal.Pages;

[Authorize(Policy = Roles.Practitioner)]
public sealed class ShortlistModel(DirectoryClient directory) : PortalPage
{
    public List<Listing> Items { get; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        foreach (var id in Shortlist.Read(HttpContext))
        {
            var result = await directory.GetServiceAsync(id, ct);
            if (result.Ok) Items.Add(result.Value!);
            else if (result.Outcome != ApiOutcome.NotFound && Notices.Count == 0) Check(result, "shortlisted activity");
        }
    }

    // Adding lives here, not on the listing page, so the page's practitioner policy covers it (an [Authorize] on a
    // handler method is ignored by Razor Pages).
    public IActionResult OnPostAdd(Guid id)
    {
        Shortlist.Add(HttpContext, id);
        Flash("Added to your shortlist.");
        return RedirectToPage("/Services/Detail", new { id });
    }

    public IActionResult OnPostRemove(Guid id)
    {
        Shortlist.Remove(HttpContext, id);
        Flash("Removed from your shortlist.");
        return RedirectToPage();
    }
}
