using Microsoft.Playwright;

namespace Portal.Tests.Journeys;

/// <summary>
/// An admin follows a referral on the operators' page: Referrals' status changes, the event it published and that
/// Feedback consumed it, and the notification Feedback queued, in time order and without the person's details.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class OperationsTests(PortalSystem system)
{
    [Fact]
    public async Task An_admin_follows_a_referral_from_Referrals_through_Feedback_to_its_notification()
    {
        var gp = await system.SignInAsync("gp@demo.example.org");
        var familyName = ReferralSteps.UniqueFamilyName("Tracer");
        await ReferralSteps.ReferAsync(gp, "Ottoline", familyName, shareOutcomes: false);
        var referralId = new Uri(gp.Url).AbsolutePath.Split('/').Last();

        var admin = await system.SignInAsync("admin@demo.example.org");
        await admin.GotoAsync("/admin/operations");
        Assert.Equal(1, await admin.Locator("header a[href='/admin/operations']").CountAsync());
        Assert.Equal("Operations", await admin.Locator("h1").InnerTextAsync());
        await admin.GetByLabel("Referral reference").FillAsync(referralId);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Follow" }).ClickAsync();
        Assert.Contains($"referralId={referralId}", admin.Url);

        // The event reaches Feedback through the outbox and the bus: reload until Feedback has recorded consuming it.
        var trail = admin.Locator("#referral-trail");
        await Eventually.ReloadUntilAsync(admin, $"/admin/operations?referralId={referralId}", async () =>
            (await trail.CountAsync()) == 1 && (await trail.InnerTextAsync()).Contains("consumed by Feedback", StringComparison.Ordinal)
            && await admin.Locator("#referral-trail tr[data-kind='notification']").CountAsync() > 0,
            "Feedback's consumption of the referral's event and its notification on the trail");

        var text = await trail.InnerTextAsync();
        Assert.Contains("ReferralStatusChanged", text);
        Assert.Contains("status requested", text);
        Assert.Contains("ReferralStatusChangedConsumer", text);
        var rows = await admin.Locator("#referral-trail tbody tr").AllAsync();
        var services = new List<string>();
        foreach (var row in rows) services.Add(await row.Locator("td").Nth(1).InnerTextAsync());
        Assert.Contains("Referrals", services);
        Assert.Contains("Feedback", services);
        Assert.Equal(0, await admin.Locator("[id^=trail-unknown]").CountAsync());
        // Never the person: neither the name nor anything typed about them.
        var main = await admin.Locator("main").InnerTextAsync();
        Assert.DoesNotContain("Ottoline", main);
        Assert.DoesNotContain(familyName, main);
        // The embedded system runs on the in-memory bus: the page says its error queues cannot be read, per service.
        Assert.Contains("cannot be read here", await admin.Locator("#error-queues ~ p").Last.InnerTextAsync());
        Assert.Equal(3, await admin.Locator("h3[id^=error-queues-]").CountAsync());

        await Accessibility.AssertAccessibleAsync(admin);
        await Screenshots.SaveAsync(admin, "admin-operations-trail");
    }

    [Fact]
    public async Task A_reference_that_is_not_a_referral_id_is_an_error_summary_and_an_unknown_one_is_not_found()
    {
        var admin = await system.SignInAsync("admin@demo.example.org");
        await admin.GotoAsync("/admin/operations?referralId=not-an-id");
        Assert.Contains("Enter the referral's reference as it is shown", await admin.Locator(".nhsuk-error-summary").InnerTextAsync());
        Assert.Equal(0, await admin.Locator("#referral-trail").CountAsync());

        await admin.GotoAsync($"/admin/operations?referralId={Guid.NewGuid()}");
        Assert.Contains("Referral not found", await admin.Locator("main").InnerTextAsync());
        Assert.Equal(0, await admin.Locator("#referral-trail").CountAsync());
        await Accessibility.AssertAccessibleAsync(admin);
    }

    [Theory]
    [InlineData("curator@demo.example.org")]
    [InlineData("gp@demo.example.org")]
    public async Task Only_an_admin_opens_the_operations_page(string email)
    {
        var page = await system.SignInAsync(email);
        await page.GotoAsync("/admin/operations");
        Assert.DoesNotContain("Follow a referral", await page.Locator("main").InnerTextAsync());
        Assert.Equal(0, await page.Locator("header a[href='/admin/operations']").CountAsync());
    }
}
