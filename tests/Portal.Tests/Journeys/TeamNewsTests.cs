using Microsoft.Playwright;

namespace Portal.Tests.Journeys;

/// <summary>
/// A team's lead chooses to tell the whole team its referrals' news; a colleague then finds the news of the lead's
/// new referral in their own notifications. Uses the demo team (lead: the demo GP; member: the demo link worker) and
/// puts its setting back afterwards, since other journeys share it.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class TeamNewsTests(PortalSystem system)
{
    [Fact]
    public async Task A_lead_tells_the_whole_team_and_a_colleague_hears_that_the_lead_s_referral_was_accepted()
    {
        var gp = await system.SignInAsync("gp@demo.example.org");
        try
        {
            await gp.GotoAsync("/team");
            await gp.GetByLabel("The whole team, in the team's messages, as well as the practitioner").CheckAsync();
            await gp.GetByRole(AriaRole.Button, new() { Name = "Save team settings" }).ClickAsync();
            Assert.Contains("The whole team is told", await gp.Locator("#team-news").InnerTextAsync());
            await Accessibility.AssertAccessibleAsync(gp);
            await Screenshots.SaveAsync(gp, "team-settings");

            await ReferralSteps.ReferAsync(gp, "Teodora", ReferralSteps.UniqueFamilyName("Together"), shareOutcomes: false);
            var referralPath = new Uri(gp.Url).AbsolutePath;
            await ReferralSteps.AcceptAsProviderAsync(system, referralPath);

            var colleague = await system.SignInAsync("linkworker@demo.example.org");
            var told = false;
            for (var attempt = 0; attempt < 60 && !told; attempt++)
            {
                await colleague.GotoAsync("/inbox");
                told = await colleague.Locator($"#inbox li:has(a[href='{referralPath}'])", new() { HasText = "has accepted your referral" }).CountAsync() > 0;
                if (!told) await Task.Delay(500);
            }
            Assert.True(told, "the colleague's notifications to include the acceptance of the lead's referral");
        }
        finally
        {
            await gp.GotoAsync("/team");
            await gp.GetByLabel("Only the practitioner who made the referral").CheckAsync();
            await gp.GetByRole(AriaRole.Button, new() { Name = "Save team settings" }).ClickAsync();
        }
    }

    [Fact]
    public async Task A_team_member_who_is_not_the_lead_cannot_change_the_setting()
    {
        var member = await system.SignInAsync("linkworker@demo.example.org");
        await member.GotoAsync("/team");

        Assert.Equal(0, await member.GetByRole(AriaRole.Button, new() { Name = "Save team settings" }).CountAsync());
        // Posted anyway, with the member's own valid antiforgery token (from the sign-out form): refused, nothing changed.
        var antiforgery = await member.Locator("form[action='/account/sign-out'] input[name='__RequestVerificationToken']").GetAttributeAsync("value");
        var form = member.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", antiforgery!);
        form.Set("tellWholeTeam", "true");
        var response = await member.APIRequest.PostAsync("/team?handler=news", new() { Form = form, MaxRedirects = 0 });

        Assert.True(response.Status is 403 or 302, $"status {response.Status}");
        if (response.Status == 302) Assert.Contains("/account/access-denied", response.Headers["location"]);
        await member.GotoAsync("/team");
        Assert.Contains("Only the practitioner who made a referral is told", await member.Locator("#team-news").InnerTextAsync());
    }
}
