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
            else if (result.Outcome != ApiOutcome.NotFound && !Notices.Any()) Check(result, "shortlisted activity");
        }
    }

    public IActionResult OnPostRemove(Guid id)
    {
        Shortlist.Remove(HttpContext, id);
        Flash("Removed from your shortlist.");
        return RedirectToPage();
    }
}
