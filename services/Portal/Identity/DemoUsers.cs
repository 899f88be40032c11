using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Portal.Identity;

/// <summary>One demo account per role for the embedded default (README, "Demo users"). Never seeded unless Demo:Seed.</summary>
public static class DemoUsers
{
    public const string Password = "Demo-portal-2026";
    public const string ProviderOrganisationSlug = "org-paulsgrove-good-neighbours";

    public static readonly (string Email, string Name, string Role, string? OrgSlug, string? Team)[] All =
    [
        ("resident@demo.example.org", "Rita Resident", Roles.Resident, null, null),
        ("gp@demo.example.org", "Dr Gita Patel", Roles.Practitioner, null, "cosham-health-centre"),
        ("linkworker@demo.example.org", "Lee Linkworker", Roles.Practitioner, null, "cosham-health-centre"),
        ("provider@demo.example.org", "Pat Provider", Roles.Provider, ProviderOrganisationSlug, null),
        ("curator@demo.example.org", "Cara Curator", Roles.Curator, null, null),
        ("commissioner@demo.example.org", "Cass Commissioner", Roles.Commissioner, null, null),
        ("admin@demo.example.org", "Adam Admin", Roles.Admin, null, null),
    ];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (await users.Users.AnyAsync(cancellationToken)) return;
        foreach (var (email, name, role, orgSlug, team) in All)
        {
            var user = new PortalUser
            {
                UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, Role = role, Team = team,
                OrganisationId = orgSlug is null ? null : OrganisationIds.FromSlug(orgSlug),
                // The demo provider administers its organisation's staff.
                IsOrganisationAdmin = role == Roles.Provider,
            };
            var result = await users.CreateAsync(user, Password);
            if (!result.Succeeded)
                throw new InvalidOperationException($"Demo user {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
        // The demo practitioners' team, led by the GP, so the team page and its invitations work in the demo.
        var db = scope.ServiceProvider.GetRequiredService<PortalDb>();
        var demoTeam = PractitionerTeam.Create("Cosham Health Centre", "demo",
            scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow());
        demoTeam.AppointLead((await users.FindByEmailAsync("gp@demo.example.org"))!.Id);
        db.PractitionerTeams.Add(demoTeam);
        await db.SaveChangesAsync(cancellationToken);
    }
}
