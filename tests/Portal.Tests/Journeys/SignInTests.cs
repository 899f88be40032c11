using Microsoft.Playwright;

namespace Portal.Tests.Journeys;

[Collection(PortalCollection.Name)]
public sealed class SignInTests(PortalSystem system)
{
    [Theory]
    [InlineData("resident@demo.example.org", "/search", "Find activities", "resident-search")]
    [InlineData("gp@demo.example.org", "/referrals", "My referrals", "practitioner-my-referrals")]
    [InlineData("linkworker@demo.example.org", "/referrals", "My referrals", null)]
    [InlineData("provider@demo.example.org", "/provider/incoming", "Incoming referrals", "provider-incoming-referrals")]
    [InlineData("curator@demo.example.org", "/curator/moderation", "Moderation and verification", "curator-moderation")]
    [InlineData("admin@demo.example.org", "/curator/moderation", "Moderation and verification", null)]
    public async Task Each_role_signs_in_and_lands_on_its_main_page(string email, string path, string heading, string? screenshot)
    {
        var page = await system.SignInAsync(email);

        Assert.Equal(path, new Uri(page.Url).AbsolutePath);
        Assert.Equal(heading, await page.Locator("h1").First.InnerTextAsync());
        Assert.Contains("Sign out", await page.Locator("header").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(page);
        if (screenshot is not null) await Screenshots.SaveAsync(page, screenshot);
    }

    [Fact]
    public async Task A_wrong_password_shows_the_error_summary_linked_to_the_field()
    {
        var page = await system.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email address").FillAsync("gp@demo.example.org");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        var summary = page.Locator(".nhsuk-error-summary");
        Assert.Contains("There is a problem", await summary.InnerTextAsync());
        Assert.Equal("#email", await summary.Locator("a").First.GetAttributeAsync("href"));
        Assert.StartsWith("Error:", await page.TitleAsync());
        await Accessibility.AssertAccessibleAsync(page);
        await Screenshots.SaveAsync(page, "sign-in-error");
    }

    [Fact]
    public async Task A_role_page_asks_an_anonymous_visitor_to_sign_in_and_refuses_the_wrong_role()
    {
        var anonymous = await system.NewPageAsync();
        await anonymous.GotoAsync("/provider/listings");
        Assert.Equal("/account/sign-in", new Uri(anonymous.Url).AbsolutePath);

        var resident = await system.SignInAsync("resident@demo.example.org");
        await resident.GotoAsync("/curator/crisis");
        Assert.Equal("You cannot open this page", await resident.Locator("h1").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(resident);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var page = await system.SignInAsync("gp@demo.example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GotoAsync("/referrals");
        Assert.Equal("/account/sign-in", new Uri(page.Url).AbsolutePath);
    }
}
