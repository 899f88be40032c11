using System.Net;
using System.Text.Json;
using BuildingBlocks.Auth;
using Contracts.Referrals;
using Microsoft.EntityFrameworkCore;
using ReferralsService;
using TestSupport;
using static Referrals.Tests.Features.ReferralsApi;

namespace Referrals.Tests.Features;

/// <summary>
/// A team's choice to hear all its referrals' news comes in the referrer's token, is recorded on the referral when it
/// is made, and travels on every ReferralStatusChanged beside the team, for Feedback to tell the team's inbox.
/// </summary>
public sealed class TeamNewsTests(ServiceApi<ReferralsModule> api) : IClassFixture<ServiceApi<ReferralsModule>>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_teams_choice_is_recorded_on_the_referral_and_carried_on_each_status_change(bool tellsWholeTeam)
    {
        var team = $"news-{Guid.NewGuid():N}"[..16];
        var service = await api.ListService();
        using var gp = api.ClientAs(TestTokens.For(Roles.Practitioner, null, "gp-news", team, tellsWholeTeam));
        var id = (await (await gp.Refer(service, Person(given: $"Person{Guid.NewGuid():N}"[..14]))).Json()).GetProperty("id").GetGuid();
        // The provider's token carries no team setting: the referral keeps the one it was made with.
        using var provider = api.ClientAs(Provider());
        Assert.Equal(HttpStatusCode.OK, (await provider.Post(id, "accept")).StatusCode);

        Assert.Equal(tellsWholeTeam, await api.Db(db => db.Referrals.Where(r => r.Id == id).Select(r => r.TellReferrerTeam).SingleAsync()));
        var changes = await StatusChanges(id);
        Assert.Equal(["requested", "accepted"], changes.Select(c => c.ToStatus));
        Assert.All(changes, c =>
        {
            Assert.Equal(team, c.ReferrerTeam);
            Assert.Equal(tellsWholeTeam, c.TellReferrerTeam);
        });
    }

    [Fact]
    public async Task A_practitioner_with_no_team_tells_no_team_whatever_the_token_says()
    {
        var service = await api.ListService();
        using var gp = api.ClientAs(TestTokens.For(Roles.Practitioner, null, "gp-alone-news", null, tellsWholeTeam: true));
        var id = (await (await gp.Refer(service, Person(given: $"Person{Guid.NewGuid():N}"[..14]))).Json()).GetProperty("id").GetGuid();

        Assert.False(await api.Db(db => db.Referrals.Where(r => r.Id == id).Select(r => r.TellReferrerTeam).SingleAsync()));
        Assert.All(await StatusChanges(id), c => Assert.False(c.TellReferrerTeam));
    }

    private static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web);

    private Task<List<ReferralStatusChanged>> StatusChanges(Guid id) =>
        api.Db(async db => (await db.Outbox.AsNoTracking()
                .Where(m => m.MessageType == typeof(ReferralStatusChanged).FullName && m.Body.Contains(id.ToString()))
                .OrderBy(m => m.Sequence).Select(m => m.Body).ToListAsync())
            .Select(body => JsonSerializer.Deserialize<ReferralStatusChanged>(body, EventJson)!).ToList());
}
