using Microsoft.Playwright;

namespace Portal.Tests.Journeys;

/// <summary>
/// The whole closed loop through the UI: a practitioner refers, the provider accepts and records attendance,
/// the practitioner sees "attended". Uses the demo data (Good Neighbours home visits, run by the demo provider's
/// organisation).
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ClosedLoopTests(PortalSystem system)
{
    [Fact]
    public async Task A_referral_goes_round_the_loop_and_the_practitioner_sees_attended()
    {
        var gp = await system.SignInAsync("gp@demo.example.org");
        await ReferralSteps.ReferAsync(gp, "Ada", "Lovelace", shareOutcomes: true);
        Assert.Equal("requested", await gp.Locator("#referral-status").InnerTextAsync());
        var referralPath = new Uri(gp.Url).AbsolutePath;
        await Accessibility.AssertAccessibleAsync(gp);
        await Screenshots.SaveAsync(gp, "practitioner-referral-requested");

        // The provider sees it once the Referrals service has it (synchronous: same service).
        var provider = await system.SignInAsync("provider@demo.example.org");
        await provider.GotoAsync(referralPath);
        await provider.GetByRole(AriaRole.Button, new() { Name = "Accept referral" }).ClickAsync();
        Assert.Equal("accepted", await provider.Locator("#referral-status").InnerTextAsync());
        await provider.GetByLabel("Attended").CheckAsync();
        await provider.GetByRole(AriaRole.Button, new() { Name = "Record attendance" }).ClickAsync();
        Assert.Contains("Attendance recorded", await provider.Locator(".nhsuk-notification-banner").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(provider);
        await Screenshots.SaveAsync(provider, "provider-referral-attendance");

        // Attendance is Feedback's; the practitioner may read it because the person agreed to share it.
        var seen = false;
        for (var attempt = 0; attempt < 40 && !seen; attempt++)
        {
            await gp.GotoAsync(referralPath);
            seen = await gp.Locator("#sessions-attended").CountAsync() > 0
                   && await gp.Locator("#sessions-attended").InnerTextAsync() == "1";
            if (!seen) await Task.Delay(500);
        }
        Assert.True(seen, "the practitioner never saw the attendance; the page says: " + await gp.Locator("main").InnerTextAsync());
        Assert.Equal("0", await gp.Locator("#sessions-missed").InnerTextAsync());
        Assert.Equal(DateTime.UtcNow.ToString("d MMMM yyyy"), await gp.Locator("#last-attended").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(gp);
        await Screenshots.SaveAsync(gp, "practitioner-referral-attended");

        // The provider asks the wellbeing and loneliness questions at the start and later on.
        await provider.GotoAsync(referralPath);
        await OutcomeSteps.RecordAsync(provider, "At the start (baseline)", ons4: [4, 5, 3, 7], loneliness: ["Often", "Often", "Some of the time"]);
        Assert.Contains("Baseline answers recorded", await provider.Locator(".nhsuk-notification-banner").InnerTextAsync());
        await OutcomeSteps.RecordAsync(provider, "Later on (follow-up)", ons4: [6, 6, 5, 4], loneliness: ["Some of the time", "Hardly ever", "Some of the time"]);
        Assert.Contains("Follow-up answers recorded", await provider.Locator(".nhsuk-notification-banner").InnerTextAsync());

        // ...and the practitioner sees how the person is doing (the person agreed to share it).
        await gp.GotoAsync(referralPath);
        Assert.Equal(["Satisfied with life (higher is better)", "4", "6", "2 better"], await OutcomeSteps.RowAsync(gp, "life-satisfaction"));
        Assert.Equal(["Anxious yesterday (lower is better)", "7", "4", "3 better"], await OutcomeSteps.RowAsync(gp, "anxiety"));
        Assert.Equal(["Loneliness (lower is better)", "8", "5", "3 better"], await OutcomeSteps.RowAsync(gp, "loneliness"));
        Assert.Equal(0, await gp.GetByRole(AriaRole.Button, new() { Name = "Record answers" }).CountAsync());
        await Accessibility.AssertAccessibleAsync(gp);
        await Screenshots.SaveAsync(gp, "practitioner-referral-outcomes");

        // The practitioner's notifications say so too, linking back to the referral.
        var told = false;
        for (var attempt = 0; attempt < 40 && !told; attempt++)
        {
            await gp.GotoAsync("/inbox");
            told = await gp.Locator($"#inbox a[href='{referralPath}']").CountAsync() > 0
                   && (await gp.Locator("#inbox").InnerTextAsync()).Contains("has accepted your referral");
            if (!told) await Task.Delay(500);
        }
        Assert.True(told, "the practitioner's notifications never showed the acceptance; the page says: " + await gp.Locator("main").InnerTextAsync());
    }
}
