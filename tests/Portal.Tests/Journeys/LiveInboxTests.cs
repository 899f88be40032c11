using Microsoft.Playwright;

namespace Portal.Tests.Journeys;

/// <summary>
/// The notifications page fills as news comes: the provider accepts a referral while the practitioner has the page
/// open, and the acceptance appears at the top of the list, announced, with no reload (Feedback's inbox stream,
/// passed through by the portal).
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class LiveInboxTests(PortalSystem system)
{
    [Fact]
    public async Task An_acceptance_appears_on_the_open_notifications_page_without_a_reload()
    {
        var gp = await system.SignInAsync("gp@demo.example.org");
        await ReferralSteps.ReferAsync(gp, "Grace", "Hopper", shareOutcomes: true);
        var referralPath = new Uri(gp.Url).AbsolutePath;
        await gp.GotoAsync("/inbox");
        await gp.Locator("#inbox[data-connected='true']").IsThereAsync();
        await gp.EvaluateAsync("() => { window.stillTheSamePage = true }");

        var provider = await system.SignInAsync("provider@demo.example.org");
        await provider.GotoAsync(referralPath);
        await provider.GetByRole(AriaRole.Button, new() { Name = "Accept referral" }).ClickAsync();

        var card = gp.Locator($"#inbox li:first-child:has(a[href='{referralPath}'])");
        await card.ShowsAsync("has accepted your referral");
        await gp.Locator("#inbox-news").ShowsAsync("New notification:");
        Assert.True(await gp.EvaluateAsync<bool>("() => window.stillTheSamePage === true"), "the page was reloaded");
        await Accessibility.AssertAccessibleAsync(gp);
        await Screenshots.SaveAsync(gp, "practitioner-inbox-live");
    }
}
