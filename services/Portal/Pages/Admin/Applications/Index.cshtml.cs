using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Portal.Identity;

namespace Portal.Pages.Admin.Applications;

[Authorize(Policy = Roles.Curator)]
public sealed class IndexModel(PortalDb db) : PortalPage
{
    public List<OrganisationApplication> Pending { get; private set; } = [];
    public List<OrganisationApplication> Decided { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Ordered here rather than in SQL: SQLite cannot order by a DateTimeOffset column.
        var all = await db.OrganisationApplications.AsNoTracking().ToListAsync(ct);
        Pending = all.Where(a => a.Status == ApplicationStatus.Pending).OrderBy(a => a.SubmittedAt).ToList();
        Decided = all.Where(a => a.Status != ApplicationStatus.Pending).OrderByDescending(a => a.DecidedAt).Take(50).ToList();
    }
}
