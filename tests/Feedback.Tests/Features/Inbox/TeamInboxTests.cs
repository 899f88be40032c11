using System.Net;
using BuildingBlocks.Auth;
using Contracts.Referrals;
using Feedback.Tests.Support;
using FeedbackService.Domain;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;

namespace Feedback.Tests.Features.Inbox;

/// <summary>
/// A team that chose to hear all its referrals' news (carried on ReferralStatusChanged) has it in the team's inbox as
/// well as the referrer's, once however often the event is delivered; only the team's practitioners read it.
/// </summary>
public sealed class TeamInboxTests(FeedbackApi.WithoutDelivery api) : IClassFixture<FeedbackApi.WithoutDelivery>
{
    [Fact]
    public async Task A_flagged_referrals_news_reaches_the_team_inbox_once_even_when_delivered_twice()
    {
        var (team, referrer, colleague) = Team();
        var observer = new StatusConsumes();
        using var _ = api.Services.GetRequiredService<IBus>().ConnectConsumeObserver(observer);
        var accepted = Accepted(team, referrer, tellTeam: true);
        var messageId = Guid.NewGuid();

        await api.Publish(accepted, messageId);
        await api.Publish(accepted, messageId);
        await Eventually.Until(() => Task.FromResult(observer.Of(messageId) == 2), TimeSpan.FromSeconds(60),
            "both deliveries to be consumed");

        var colleagues = await api.WaitForInbox(colleague, accepted.ReferralId, "referral-accepted");
        Assert.Single(colleagues, i => i.Template == "referral-accepted");
        Assert.Equal(1, await api.InDb(db => db.Notifications.CountAsync(n =>
            n.ReferralId == accepted.ReferralId && n.Recipient == $"team:{team}")));
        // The referrer is in the team: told once, not once more through the team's inbox.
        Assert.Single(await api.Inbox(TestTokens.For(Roles.Practitioner, userId: referrer, team: team), accepted.ReferralId),
            i => i.Template == "referral-accepted");
    }

    [Fact]
    public async Task A_referral_whose_team_did_not_ask_tells_the_referrer_only()
    {
        var (team, referrer, colleague) = Team();
        var accepted = Accepted(team, referrer, tellTeam: false);

        await api.Publish(accepted);
        await api.WaitForInbox(TestTokens.For(Roles.Practitioner, userId: referrer), accepted.ReferralId, "referral-accepted");

        Assert.Empty(await api.Inbox(colleague, accepted.ReferralId));
        Assert.Equal(0, await api.InDb(db => db.Notifications.CountAsync(n => n.Recipient == $"team:{team}")));
    }

    public static TheoryData<string> Outsiders() =>
        ["practitioner in another team", "practitioner with no team", "resident claiming the team", "provider", "curator", "admin"];

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task Someone_outside_the_team_can_neither_read_nor_mark_the_teams_messages(string outsider)
    {
        var (team, referrer, colleague) = Team();
        var accepted = Accepted(team, referrer, tellTeam: true);
        await api.Publish(accepted);
        var message = (await api.WaitForInbox(colleague, accepted.ReferralId, "referral-accepted")).Single();
        var token = outsider switch
        {
            "practitioner in another team" => TestTokens.For(Roles.Practitioner, team: team + "-other"),
            "practitioner with no team" => TestTokens.For(Roles.Practitioner),
            "resident claiming the team" => TestTokens.For(Roles.Resident, team: team),
            "provider" => TestTokens.For(Roles.Provider, accepted.ProviderOrganisationId, team: team),
            "curator" => TestTokens.For(Roles.Curator),
            _ => TestTokens.For(Roles.Admin),
        };

        Assert.Empty(await api.Inbox(token, accepted.ReferralId));
        using var http = api.ClientAs(token);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync($"/api/feedback/inbox/{message.Id}/read", null)).StatusCode);

        using var member = api.ClientAs(colleague);
        Assert.Equal(HttpStatusCode.NoContent, (await member.PostAsync($"/api/feedback/inbox/{message.Id}/read", null)).StatusCode);
    }

    [Fact]
    public async Task Withdrawing_consent_to_share_attendance_cancels_the_teams_unread_news_of_it_too()
    {
        var (team, referrer, colleague) = Team();
        var accepted = Accepted(team, referrer, tellTeam: true);
        await api.Publish(accepted);
        await api.Publish(accepted with { FromStatus = ReferralStatuses.Accepted, ToStatus = ReferralStatuses.InProgress,
            OccurredAt = accepted.OccurredAt.AddSeconds(1) });
        await api.WaitForInbox(colleague, accepted.ReferralId, "referral-in-progress");

        await api.Publish(new ReferralConsentChanged(accepted.ReferralId, ShareWithProvider: true, ShareOutcomesWithReferrer: false,
            ContactBySms: false, ContactByEmail: false, "Pat", null, null, accepted.OccurredAt.AddSeconds(2)));
        await Eventually.Until(async () => !(await api.Inbox(colleague, accepted.ReferralId)).Any(i => i.Template == "referral-in-progress"),
            TimeSpan.FromSeconds(30), "the team's news of attendance to be cancelled");

        Assert.Contains(await api.Inbox(colleague, accepted.ReferralId), i => i.Template == "referral-accepted");
    }

    private static (string Team, string Referrer, string ColleagueToken) Team()
    {
        var team = $"team-{Guid.NewGuid():N}"[..20];
        return (team, $"practitioner-{Guid.NewGuid():N}"[..24], TestTokens.For(Roles.Practitioner, userId: $"colleague-{Guid.NewGuid():N}"[..20], team: team));
    }

    private static ReferralStatusChanged Accepted(string team, string referrer, bool tellTeam) =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), referrer, ReferralStatuses.Requested, ReferralStatuses.Accepted, null,
            "provider-staff", ShareOutcomesWithReferrer: true, DateTimeOffset.UtcNow, Roles.Practitioner, team, tellTeam);
}
