using BuildingBlocks.Auth;
using Microsoft.EntityFrameworkCore;
using Portal.Api;
using Portal.Identity;

namespace Portal.Pages.Admin.Organisations;

/// <summary>A Directory organisation the portal knows: it has portal staff, an approved application, or both.</summary>
public sealed record KnownOrganisation(Guid Id, string Name, bool NameKnown, int Staff, List<string> Admins);

/// <summary>
/// The organisations the portal knows, read from its own store (staff accounts and approved applications). A name
/// comes from the application when there is one, else from the Directory, so a demo or imported organisation with
/// staff is listed too; when the Directory cannot answer the organisation is still listed, by its id.
/// </summary>
public sealed class KnownOrganisations(PortalDb db, DirectoryClient directory)
{
    public async Task<List<KnownOrganisation>> AllAsync(CancellationToken ct)
    {
        var staff = await db.Users.AsNoTracking().Where(u => u.OrganisationId != null && u.Role == Roles.Provider)
            .Select(u => new { OrganisationId = u.OrganisationId!.Value, u.DisplayName, u.IsOrganisationAdmin }).ToListAsync(ct);
        var applied = await db.OrganisationApplications.AsNoTracking().Where(a => a.OrganisationId != null)
            .Select(a => new { OrganisationId = a.OrganisationId!.Value, a.OrganisationName }).ToListAsync(ct);
        var names = applied.GroupBy(a => a.OrganisationId).ToDictionary(g => g.Key, g => g.First().OrganisationName);
        var ids = staff.Select(s => s.OrganisationId).Concat(names.Keys).Distinct();

        var organisations = new List<KnownOrganisation>();
        foreach (var id in ids)
        {
            var (name, known) = names.TryGetValue(id, out var appliedName) ? (appliedName, true) : await NameFromDirectoryAsync(id, ct);
            var ofThis = staff.Where(s => s.OrganisationId == id).ToList();
            organisations.Add(new KnownOrganisation(id, name, known, ofThis.Count,
                ofThis.Where(s => s.IsOrganisationAdmin).Select(s => s.DisplayName).Order().ToList()));
        }
        return organisations.OrderBy(o => o.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>One organisation, or null when the portal has neither staff nor an application for it.</summary>
    public async Task<KnownOrganisation?> FindAsync(Guid id, CancellationToken ct)
    {
        var staff = await db.Users.AsNoTracking().Where(u => u.OrganisationId == id && u.Role == Roles.Provider)
            .Select(u => new { u.DisplayName, u.IsOrganisationAdmin }).ToListAsync(ct);
        var applied = await db.OrganisationApplications.AsNoTracking().Where(a => a.OrganisationId == id)
            .Select(a => a.OrganisationName).FirstOrDefaultAsync(ct);
        if (staff.Count == 0 && applied is null) return null;
        var (name, known) = applied is not null ? (applied, true) : await NameFromDirectoryAsync(id, ct);
        return new KnownOrganisation(id, name, known, staff.Count,
            staff.Where(s => s.IsOrganisationAdmin).Select(s => s.DisplayName).Order().ToList());
    }

    private async Task<(string Name, bool Known)> NameFromDirectoryAsync(Guid id, CancellationToken ct)
    {
        var answer = await directory.GetOrganisationAsync(id, ct);
        return answer is { Ok: true, Value: { } organisation } ? (organisation.Name, true) : ($"Organisation {id}", false);
    }
}
