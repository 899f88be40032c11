using BuildingBlocks.Persistence;
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
    /// <summary>Provider staff who may invite and remove their organisation's staff and hand the role over.</summary>
    public bool IsOrganisationAdmin { get; set; }
}

/// <summary>
/// The portal's own store: sign-in accounts, what the portal itself decides about them, and how people come to have
/// them (applications, invites, teams). It owns no domain data.
/// One subclass per provider, as in the services, because EF Core keeps one migration set per context type.
/// </summary>
public class PortalDb(DbContextOptions options) : IdentityDbContext<PortalUser>(options)
{
    public DbSet<OrganisationApplication> OrganisationApplications => Set<OrganisationApplication>();
    public DbSet<Invite> Invites => Set<Invite>();
    public DbSet<PractitionerTeam> PractitionerTeams => Set<PractitionerTeam>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // Each of the portal's own tables configures itself in its own file.
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDb).Assembly);
        MembershipModel.Configure(builder);
    }
}

/// <summary>Owns the SQLite migrations (embedded default).</summary>
public sealed class SqlitePortalDb(DbContextOptions<SqlitePortalDb> options) : PortalDb(options);

/// <summary>Owns the PostgreSQL migrations (distributed).</summary>
public sealed class PostgresPortalDb(DbContextOptions<PostgresPortalDb> options) : PortalDb(options);

public sealed class SqlitePortalDbFactory : SqliteDesignTimeFactory<SqlitePortalDb>;
public sealed class PostgresPortalDbFactory : PostgresDesignTimeFactory<PostgresPortalDb>;
