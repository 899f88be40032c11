using BuildingBlocks.Auth;
using BuildingBlocks.Web;

namespace Portal.Identity;

/// <summary>What an account becomes by accepting an invite, and who may be invited into what.</summary>
public static class Membership
{
    /// <summary>
    /// Makes the account staff (or admin) of the invite's organisation, or a member (or lead) of its team. An account
    /// already holding another organisation, another team or a role that is not the invite's (a curator, say) is
    /// refused: one person, one role, one place, so a token never carries two organisations' rights.
    /// </summary>
    public static void Join(PortalUser user, Invite invite, PractitionerTeam? team)
    {
        if (!string.Equals(Invite.NormaliseEmail(user.Email ?? ""), invite.Email, StringComparison.Ordinal))
            throw new ConflictException($"This invitation is for {invite.Email}. Sign out, then open the link again to accept it.");
        if (invite.ForOrganisation)
        {
            if (user.Role == Roles.Provider && user.OrganisationId is { } other && other != invite.OrganisationId)
                throw new ConflictException("Your account already belongs to another organisation. Ask its admin to remove you first.");
            if (user.Role is not (Roles.Resident or Roles.Provider))
                throw new ConflictException($"Your account is a {user.Role} account and cannot also be provider staff. Ask to be invited with another email address.");
            user.Role = Roles.Provider;
            user.OrganisationId = invite.OrganisationId;
            user.IsOrganisationAdmin |= invite.Kind == InviteKind.OrganisationAdmin;
            return;
        }
        if (team is null || team.Id != invite.TeamId) throw new NotFoundException("Team", invite.TeamId ?? "");
        if (user.Role == Roles.Practitioner && user.Team is { } current && current != invite.TeamId)
            throw new ConflictException("Your account already belongs to another team. Ask its lead to remove you first.");
        if (user.Role is not (Roles.Resident or Roles.Practitioner))
            throw new ConflictException($"Your account is a {user.Role} account and cannot also be a practitioner. Ask to be invited with another email address.");
        user.Role = Roles.Practitioner;
        user.Team = invite.TeamId;
        if (invite.Kind == InviteKind.TeamLead) team.AppointLead(user.Id);
    }

    /// <summary>Staff leave their organisation as ordinary resident accounts; the admin cannot remove themselves.</summary>
    public static void RemoveFromOrganisation(PortalUser admin, PortalUser staff)
    {
        EnsureAdminOf(admin, staff.OrganisationId);
        if (staff.Id == admin.Id) throw new ConflictException("You cannot remove yourself. Hand the admin role to a colleague first.");
        staff.Role = Roles.Resident;
        staff.OrganisationId = null;
        staff.IsOrganisationAdmin = false;
    }

    /// <summary>The organisation has one admin: handing the role over gives it to a colleague and takes it from the giver.</summary>
    public static void HandOverAdmin(PortalUser admin, PortalUser colleague)
    {
        EnsureAdminOf(admin, colleague.OrganisationId);
        if (colleague.Id == admin.Id) throw new ConflictException("You are already the admin.");
        if (colleague.Role != Roles.Provider) throw new ConflictException("Only a member of your staff can become the admin.");
        colleague.IsOrganisationAdmin = true;
        admin.IsOrganisationAdmin = false;
    }

    public static void EnsureAdminOf(PortalUser admin, Guid? organisationId)
    {
        if (!admin.IsOrganisationAdmin || admin.Role != Roles.Provider || admin.OrganisationId is null || admin.OrganisationId != organisationId)
            throw new ForbiddenException("Only your organisation's admin can do this.");
    }
}
