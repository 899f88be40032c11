using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Portal.Identity;

/// <summary>A person who signs in to the portal. One role each; provider staff belong to one organisation.</summary>
public sealed class PortalUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    public string Role { get; set; } = BuildingBlocks.Auth.Roles.Resident;
    /// <summary>The Directory's organisation id (provider staff only).</summary>
    public Guid? OrganisationId { get; set; }
    /// <summary>The practitioner's team: referrals are shared within it.</summary>
    public string? Team { get; set; }
}

/// <summary>The portal's own store: sign-in accounts only. It owns no domain data.</summary>
public sealed class PortalDb(DbContextOptions<PortalDb> options) : IdentityDbContext<PortalUser>(options);
