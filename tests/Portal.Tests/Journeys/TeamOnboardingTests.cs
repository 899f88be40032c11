using Microsoft.Playwright;
using static Portal.Tests.Journeys.OnboardingSteps;

namespace Portal.Tests.Journeys;

/// <summary>An admin creates a practitioner team, its lead invites a colleague, and the team shares its referrals.</summary>
[Collection(PortalCollection.Name)]
public sealed class TeamOnboardingTests(PortalSystem system)
{
    [Fact]
    public async Task A_newly_invited_practitioner_reads_a_team_colleagues_referral_and_its_feedback_summary()
    {
        var teamName = "Drayton Surgery " + Unique();
        var leadEmail = $"lead-{Unique()}@example.org";
        var memberEmail = $"member-{Unique()}@example.org";

        var admin = await system.SignInAsync("admin@demo.example.org");
        await admin.GotoAsync("/admin/teams");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create team" }).ClickAsync();
        var problems = await admin.Locator(".nhsuk-error-summary").InnerTextAsync();
        Assert.Contains("Enter the team's name", problems);
        Assert.Contains("Enter the email address of the team's lead", problems);
        await admin.GetByLabel("Team name").FillAsync(teamName);
        await admin.GetByLabel("Email address of the team lead").FillAsync(leadEmail);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create team" }).ClickAsync();
        Assert.Contains($"{teamName} is created", await admin.Locator(".nhsuk-notification-banner").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(admin);
        await Screenshots.SaveAsync(admin, "admin-teams");

        var lead = await AcceptAsNewAccountAsync(system, leadEmail, "Lena Lead");
        Assert.Contains("(practitioner)", await lead.Locator(".nhsuk-header__account").InnerTextAsync());
        await lead.GotoAsync("/team");
        await lead.GetByLabel("Their email address").FillAsync(memberEmail);
        await lead.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        Assert.Contains($"Invitation sent to {memberEmail}", await lead.Locator(".nhsuk-notification-banner").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(lead);
        await Screenshots.SaveAsync(lead, "team");

        var member = await AcceptAsNewAccountAsync(system, memberEmail, "Mo Member");
        var account = await system.AccountAsync(memberEmail);
        Assert.Equal(("practitioner", PortalTeamId(teamName)), (account!.Role, account.Team));

        await ReferralSteps.ReferAsync(lead, "Ada", ReferralSteps.UniqueFamilyName("Lovelace"), shareOutcomes: true);
        var referralPath = new Uri(lead.Url).AbsolutePath;

        // Feedback hears of the referral over the bus; once it has, it answers the colleague's summary too
        // (only Feedback's summary counts missed sessions).
        for (var attempt = 0; attempt < 40; attempt++)
        {
            if (attempt > 0) await Task.Delay(500);
            await member.GotoAsync(referralPath);
            if (await member.Locator("#sessions-missed").CountAsync() > 0) break;
        }
        Assert.Contains("Ada", await member.Locator("main").InnerTextAsync());
        Assert.Equal("0", await member.Locator("#sessions-missed").InnerTextAsync());

        // A practitioner of another team is told nothing about it.
        var stranger = await system.SignInAsync("gp@demo.example.org");
        await stranger.GotoAsync(referralPath);
        Assert.DoesNotContain("Ada", await stranger.Locator("main").InnerTextAsync());
        Assert.Equal(0, await stranger.Locator("#referral-status").CountAsync());
    }

    private static string PortalTeamId(string name) => global::Portal.Identity.PractitionerTeam.SlugOf(name);
}
