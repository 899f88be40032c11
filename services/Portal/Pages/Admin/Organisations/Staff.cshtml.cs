using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Portal.Api;
using Portal.Identity;

namespace Portal.Pages.Admin.Organisations;

/// <summary>One organisation's staff, for an admin: who is its admin and who is locked out, with the way to act on each.</summary>
[Authorize(Policy = Roles.Admin)]
public sealed class StaffModel(PortalDb db, DirectoryClient directory, UserManager<PortalUser> users, TimeProvider clock) : PortalPage
{
    public KnownOrganisation Organisation { get; private set; } = null!;
    public List<PortalUser> Staff { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await new KnownOrganisations(db, directory).FindAsync(id, ct) is not { } organisation) return NotFound();
        Organisation = organisation;
        Staff = (await users.Users.AsNoTracking().Where(u => u.OrganisationId == id && u.Role == Roles.Provider).ToListAsync(ct))
            .OrderByDescending(u => u.IsOrganisationAdmin).ThenBy(u => u.DisplayName).ToList();
        return Page();
    }

    public bool IsLocked(PortalUser user) => user.LockoutEnd is { } end && end > clock.GetUtcNow();
}
