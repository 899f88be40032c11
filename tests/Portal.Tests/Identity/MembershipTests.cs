using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using Portal.Identity;

namespace Portal.Tests.Identity;

public sealed class MembershipTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Organisation = Guid.NewGuid();

    private static PortalUser Account(string role = Roles.Resident, string email = "sam@example.org") =>
        new() { Id = Guid.NewGuid().ToString(), Email = email, Role = role, DisplayName = "Sam" };

    private static Invite ToOrganisation(InviteKind kind = InviteKind.OrganisationStaff) =>
        Invite.Issue(kind, "sam@example.org", Organisation, null, "Shed", "admin", Now).Invite;

    [Fact]
    public void Accepting_an_organisation_invite_makes_a_resident_account_provider_staff_of_that_organisation()
    {
        var user = Account();

        Membership.Join(user, ToOrganisation(), null);

        Assert.Equal(Roles.Provider, user.Role);
        Assert.Equal(Organisation, user.OrganisationId);
        Assert.False(user.IsOrganisationAdmin);
    }

    [Fact]
    public void The_approved_applicant_becomes_the_organisations_admin()
    {
        var user = Account();

        Membership.Join(user, ToOrganisation(InviteKind.OrganisationAdmin), null);

        Assert.True(user.IsOrganisationAdmin);
    }

    [Fact]
    public void An_invite_is_accepted_only_by_the_account_of_the_address_it_was_sent_to()
    {
        Assert.Throws<ConflictException>(() => Membership.Join(Account(email: "other@example.org"), ToOrganisation(), null));
    }

    [Fact]
    public void Staff_of_another_organisation_or_a_curator_cannot_join_as_well()
    {
        var elsewhere = Account(Roles.Provider);
        elsewhere.OrganisationId = Guid.NewGuid();

        Assert.Throws<ConflictException>(() => Membership.Join(elsewhere, ToOrganisation(), null));
        Assert.Throws<ConflictException>(() => Membership.Join(Account(Roles.Curator), ToOrganisation(), null));
        Assert.NotEqual(Organisation, elsewhere.OrganisationId);
    }

    [Fact]
    public void A_team_lead_invite_makes_the_account_a_practitioner_of_the_team_and_its_lead()
    {
        var team = PractitionerTeam.Create("Drayton Surgery", "admin", Now);
        var invite = Invite.Issue(InviteKind.TeamLead, "sam@example.org", null, team.Id, team.Name, "admin", Now).Invite;
        var user = Account();

        Membership.Join(user, invite, team);

        Assert.Equal(Roles.Practitioner, user.Role);
        Assert.Equal("drayton-surgery", user.Team);
        Assert.True(team.IsLead(user.Id));
    }

    [Fact]
    public void A_practitioner_of_another_team_cannot_join_a_second()
    {
        var team = PractitionerTeam.Create("Drayton Surgery", "admin", Now);
        var invite = Invite.Issue(InviteKind.TeamMember, "sam@example.org", null, team.Id, team.Name, "admin", Now).Invite;
        var user = Account(Roles.Practitioner);
        user.Team = "cosham-health-centre";

        Assert.Throws<ConflictException>(() => Membership.Join(user, invite, team));
        Assert.Equal("cosham-health-centre", user.Team);
    }

    [Fact]
    public void Handing_over_the_admin_role_leaves_the_organisation_one_admin()
    {
        var admin = Account(Roles.Provider);
        admin.OrganisationId = Organisation;
        admin.IsOrganisationAdmin = true;
        var colleague = Account(Roles.Provider, "kim@example.org");
        colleague.OrganisationId = Organisation;

        Membership.HandOverAdmin(admin, colleague);

        Assert.True(colleague.IsOrganisationAdmin);
        Assert.False(admin.IsOrganisationAdmin);
        Assert.Throws<ForbiddenException>(() => Membership.RemoveFromOrganisation(admin, colleague));
    }

    [Fact]
    public void Removed_staff_keep_their_account_without_the_organisation()
    {
        var admin = Account(Roles.Provider);
        admin.OrganisationId = Organisation;
        admin.IsOrganisationAdmin = true;
        var colleague = Account(Roles.Provider, "kim@example.org");
        colleague.OrganisationId = Organisation;

        Membership.RemoveFromOrganisation(admin, colleague);

        Assert.Equal(Roles.Resident, colleague.Role);
        Assert.Null(colleague.OrganisationId);
        Assert.Throws<ConflictException>(() => Membership.RemoveFromOrganisation(admin, admin));
    }

    [Fact]
    public void An_admin_cannot_act_on_another_organisations_staff()
    {
        var admin = Account(Roles.Provider);
        admin.OrganisationId = Organisation;
        admin.IsOrganisationAdmin = true;
        var stranger = Account(Roles.Provider, "kim@example.org");
        stranger.OrganisationId = Guid.NewGuid();

        Assert.Throws<ForbiddenException>(() => Membership.RemoveFromOrganisation(admin, stranger));
        Assert.Equal(Roles.Provider, stranger.Role);
    }
}
