using Microsoft.EntityFrameworkCore;

namespace Portal.Identity;

/// <summary>How applications, invites and teams are stored (kept apart from PortalDb, which Identity mostly defines).</summary>
internal static class MembershipModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<OrganisationApplication>(e =>
        {
            e.HasKey(a => a.Id);
            e.Property(a => a.OrganisationName).HasMaxLength(200);
            e.Property(a => a.RegistrationNumber).HasMaxLength(20);
            e.Property(a => a.ContactName).HasMaxLength(200);
            e.Property(a => a.ContactEmail).HasMaxLength(254);
            e.Property(a => a.AreaServed).HasMaxLength(200);
            e.Property(a => a.DecidedBy).HasMaxLength(450);
            e.Property(a => a.DeclineReason).HasMaxLength(2000);
            e.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(a => a.Version).IsConcurrencyToken();
            e.HasIndex(a => a.Status);
        });
        builder.Entity<Invite>(e =>
        {
            e.HasKey(i => i.Id);
            e.Property(i => i.Kind).HasConversion<string>().HasMaxLength(30);
            e.Property(i => i.Email).HasMaxLength(254);
            e.Property(i => i.TeamId).HasMaxLength(60);
            e.Property(i => i.JoiningName).HasMaxLength(200);
            e.Property(i => i.TokenHash).HasMaxLength(64);
            e.Property(i => i.InvitedBy).HasMaxLength(450);
            e.Property(i => i.AcceptedBy).HasMaxLength(450);
            e.Property(i => i.Version).IsConcurrencyToken();
            e.HasIndex(i => i.TokenHash).IsUnique();
            e.HasIndex(i => i.OrganisationId);
            e.HasIndex(i => i.TeamId);
        });
        builder.Entity<PractitionerTeam>(e =>
        {
            e.HasKey(t => t.Id);
            e.Property(t => t.Id).HasMaxLength(60);
            e.Property(t => t.Name).HasMaxLength(200);
            e.Property(t => t.LeadUserId).HasMaxLength(450);
            e.Property(t => t.CreatedBy).HasMaxLength(450);
        });
    }
}
