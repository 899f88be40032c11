using BuildingBlocks.Web;
using Portal.Identity;

namespace Portal.Tests.Identity;

public sealed class InviteTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Organisation = Guid.NewGuid();

    private static (Invite Invite, string Token) StaffInvite() =>
        Invite.Issue(InviteKind.OrganisationStaff, " Sam@Example.org ", Organisation, null, "Cosham Men's Shed", "admin-1", Now);

    [Fact]
    public void Only_the_hash_of_the_token_is_kept()
    {
        var (invite, token) = StaffInvite();

        Assert.NotEqual(token, invite.TokenHash);
        Assert.DoesNotContain(token, invite.TokenHash);
        Assert.Equal(Invite.HashOf(token), invite.TokenHash);
        Assert.Equal(64, invite.TokenHash.Length);
    }

    [Fact]
    public void Each_invite_has_its_own_unguessable_token()
    {
        var tokens = Enumerable.Range(0, 100).Select(_ => StaffInvite().Token).ToHashSet();

        Assert.Equal(100, tokens.Count);
        Assert.All(tokens, t => Assert.True(t.Length >= 43, "256 random bits in base64url"));
        Assert.All(tokens, t => Assert.Matches("^[A-Za-z0-9_-]+$", t));
    }

    [Fact]
    public void An_invite_is_open_for_seven_days_and_expired_from_then_on()
    {
        var (invite, _) = StaffInvite();

        Assert.Equal(InviteState.Open, invite.StateAt(Now.AddDays(7).AddTicks(-1)));
        Assert.Equal(InviteState.Expired, invite.StateAt(Now.AddDays(7)));
        var refused = Assert.Throws<ConflictException>(() => invite.Accept("user-1", Now.AddDays(8)));
        Assert.Contains("expired", refused.Message);
        Assert.Null(invite.AcceptedAt);
    }

    [Fact]
    public void An_invite_is_used_once()
    {
        var (invite, _) = StaffInvite();
        invite.Accept("user-1", Now.AddHours(1));

        var refused = Assert.Throws<ConflictException>(() => invite.Accept("user-2", Now.AddHours(2)));

        Assert.Contains("already been used", refused.Message);
        Assert.Equal("user-1", invite.AcceptedBy);
        Assert.Equal(InviteState.Used, invite.StateAt(Now.AddDays(30)));
    }

    [Fact]
    public void A_withdrawn_invite_cannot_be_accepted()
    {
        var (invite, _) = StaffInvite();
        invite.Withdraw(Now.AddHours(1));

        Assert.Throws<ConflictException>(() => invite.Accept("user-1", Now.AddHours(2)));
        Assert.Equal(InviteState.Withdrawn, invite.StateAt(Now.AddHours(2)));
    }

    [Fact]
    public void Accepting_changes_the_concurrency_version_so_a_simultaneous_second_accept_loses()
    {
        var (invite, _) = StaffInvite();
        var before = invite.Version;

        invite.Accept("user-1", Now);

        Assert.NotEqual(before, invite.Version);
    }

    [Fact]
    public void The_email_is_kept_normalised()
    {
        Assert.Equal("sam@example.org", StaffInvite().Invite.Email);
    }

    [Theory]
    [InlineData(InviteKind.OrganisationStaff, false, true)]
    [InlineData(InviteKind.OrganisationAdmin, true, true)]
    [InlineData(InviteKind.TeamMember, true, false)]
    [InlineData(InviteKind.TeamLead, false, false)]
    public void An_invite_names_the_organisation_or_the_team_its_kind_joins_never_both(InviteKind kind, bool withOrganisation, bool withTeam)
    {
        Assert.Throws<ArgumentException>(() => Invite.Issue(kind, "a@example.org",
            withOrganisation ? Organisation : null, withTeam ? "team" : null, "x", "admin", Now));
    }
}
