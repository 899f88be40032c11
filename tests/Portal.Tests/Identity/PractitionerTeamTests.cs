using Portal.Identity;

namespace Portal.Tests.Identity;

/// <summary>The team's news setting: off for a new team, changed only by its lead or an admin.</summary>
public sealed class PractitionerTeamTests
{
    [Theory]
    [InlineData("lead", false, true)]
    [InlineData("member", false, false)]
    [InlineData(null, false, false)]
    [InlineData("someone", true, true)]
    public void Only_the_lead_or_an_admin_may_change_the_teams_settings(string? userId, bool isAdmin, bool may)
    {
        var team = PractitionerTeam.Create("Drayton Surgery", "admin", DateTimeOffset.UtcNow);
        team.AppointLead("lead");

        Assert.Equal(may, team.MayChangeSettings(userId, isAdmin));
    }

    [Fact]
    public void A_new_team_tells_the_referrer_only_until_it_chooses_the_whole_team()
    {
        var team = PractitionerTeam.Create("Drayton Surgery", "admin", DateTimeOffset.UtcNow);
        Assert.False(team.TellsWholeTeam);

        team.TellWholeTeam(true);

        Assert.True(team.TellsWholeTeam);
    }
}
