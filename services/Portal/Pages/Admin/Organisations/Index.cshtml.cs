using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Portal.Api;
using Portal.Identity;

namespace Portal.Pages.Admin.Organisations;

/// <summary>Admins list the organisations the portal knows and find one by name.</summary>
[Authorize(Policy = Roles.Admin)]
public sealed class IndexModel(PortalDb db, DirectoryClient directory) : PortalPage
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    public List<KnownOrganisation> Found { get; private set; } = [];
    public int Total { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var all = await new KnownOrganisations(db, directory).AllAsync(ct);
        Total = all.Count;
        Found = string.IsNullOrWhiteSpace(Q) ? all
            : all.Where(o => o.Name.Contains(Q.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
    }
}
