using Microsoft.Playwright;

namespace Portal.Tests.Journeys;

/// <summary>An admin changes how long closed referrals keep the person's details; a refused value changes nothing.</summary>
[Collection(PortalCollection.Name)]
public sealed class RetentionTests(PortalSystem system)
{
    [Fact]
    public async Task An_admin_changes_the_retention_period_and_a_value_out_of_bounds_is_explained_and_not_saved()
    {
        var admin = await system.SignInAsync("admin@demo.example.org");
        await admin.GotoAsync("/admin/users");
        Assert.Equal(1, await admin.Locator("header a[href='/admin/retention']").CountAsync());
        await admin.GotoAsync("/admin/retention");
        Assert.Equal("Retention of personal data", await admin.Locator("h1").InnerTextAsync());
        Assert.Contains("The check runs every", await admin.Locator("#retention-sweep").InnerTextAsync());
        var before = await admin.Locator("#retention-current").InnerTextAsync();

        foreach (var (typed, message) in new[] { ("10", "between 30 and 3650 days"), ("a year", "as a whole number"), ("", "Enter the number of days") })
        {
            await admin.GetByLabel("Keep the details for (days)").FillAsync(typed);
            await admin.GetByRole(AriaRole.Button, new() { Name = "Save retention period" }).ClickAsync();
            Assert.Contains(message, await admin.Locator(".nhsuk-error-summary").InnerTextAsync());
            Assert.Contains(message, await admin.Locator("#days-error").InnerTextAsync());
            Assert.Equal(before, await admin.Locator("#retention-current").InnerTextAsync());
        }
        await Accessibility.AssertAccessibleAsync(admin);
        await Screenshots.SaveAsync(admin, "admin-retention-errors");

        // Unique per run, so the change is this test's even if another run left one.
        var days = Random.Shared.Next(400, 3000);
        await admin.GetByLabel("Keep the details for (days)").FillAsync(days.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save retention period" }).ClickAsync();
        Assert.Contains($"for {days} days", await admin.Locator(".nhsuk-notification-banner").InnerTextAsync());
        Assert.Contains($"{days} days", await admin.Locator("#retention-current").InnerTextAsync());
        Assert.Contains($"{days} days", await admin.Locator("#retention-changes tbody tr").First.InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(admin);
        await Screenshots.SaveAsync(admin, "admin-retention");
    }

    [Theory]
    [InlineData("curator@demo.example.org")]
    [InlineData("provider@demo.example.org")]
    public async Task Only_an_admin_opens_the_retention_page(string email)
    {
        var page = await system.SignInAsync(email);
        await page.GotoAsync("/admin/retention");
        Assert.Equal("You cannot open this page", await page.Locator("h1").InnerTextAsync());
    }
}
