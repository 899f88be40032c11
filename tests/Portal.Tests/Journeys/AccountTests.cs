using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Identity;

namespace Portal.Tests.Journeys;

/// <summary>Residents' own accounts: sign up, confirm through the mail drop, reset a password, lockout; an admin locks an account.</summary>
[Collection(PortalCollection.Name)]
public sealed class AccountTests(PortalSystem system)
{
    private const string NewPassword = "a long walk by the sea";

    [Fact]
    public async Task A_resident_signs_up_confirms_through_the_mail_drop_and_then_signs_in()
    {
        var email = $"newcomer-{Guid.NewGuid():N}@example.org";
        var page = await system.NewPageAsync();
        await page.GotoAsync("/account/sign-up");
        await Accessibility.AssertAccessibleAsync(page);
        await Screenshots.SaveAsync(page, "account-sign-up");
        await page.GetByLabel("Your name").FillAsync("Nia Newcomer");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(NewPassword);
        await page.GetByLabel("Enter the password again").FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        Assert.Equal("Check your email", await page.Locator("h1").InnerTextAsync());

        // Not confirmed yet: the right password is refused, and the page offers the link again.
        await SignInAsync(page, email, NewPassword);
        Assert.Contains(global::Portal.Pages.Account.SignInModel.NotConfirmed, await page.Locator(".nhsuk-error-summary").InnerTextAsync());
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "Send the confirmation link again" }).CountAsync());

        await OnboardingSteps.FollowMailDropLinkAsync(page, email, "Confirm your email address", "dev-mail");
        Assert.Equal("Email address confirmed", await page.Locator("h1").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(page);

        await SignInAsync(page, email, NewPassword);
        Assert.Equal("/search", new Uri(page.Url).AbsolutePath);
        Assert.Contains("Nia Newcomer", await page.Locator("header").InnerTextAsync());
    }

    [Fact]
    public async Task A_refused_sign_up_shows_each_problem_and_saves_nothing()
    {
        var email = $"refused-{Guid.NewGuid():N}@example.org";
        var page = await system.NewPageAsync();
        await page.GotoAsync("/account/sign-up");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("short");
        await page.GetByLabel("Enter the password again").FillAsync("different");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        var summary = await page.Locator(".nhsuk-error-summary").InnerTextAsync();
        Assert.Contains("Enter your name", summary);
        Assert.Contains($"Password must be {AccountRules.MinimumPasswordLength} characters or more", summary);
        Assert.Contains("The passwords do not match", summary);
        Assert.Equal("#name", await page.Locator(".nhsuk-error-summary a").First.GetAttributeAsync("href"));
        await Accessibility.AssertAccessibleAsync(page);
        await Screenshots.SaveAsync(page, "account-sign-up-errors");
        Assert.Null(await Users().FindByEmailAsync(email));
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_through_the_emailed_link_and_the_answer_never_says_who_has_an_account()
    {
        var email = await CreateConfirmedAsync("Fran Forgetful");
        var page = await system.NewPageAsync();

        await page.GotoAsync("/account/forgot-password");
        await page.GetByLabel("Email address").FillAsync($"nobody-{Guid.NewGuid():N}@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the link" }).ClickAsync();
        var unknownAnswer = await page.Locator("main").InnerTextAsync();

        await page.GotoAsync("/account/forgot-password");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the link" }).ClickAsync();
        Assert.Equal(unknownAnswer, await page.Locator("main").InnerTextAsync());

        await OnboardingSteps.FollowMailDropLinkAsync(page, email, "Reset your password", null);
        Assert.Equal("Choose a new password", await page.Locator("h1").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(page);
        await Screenshots.SaveAsync(page, "account-reset-password");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync(NewPassword);
        await page.GetByLabel("Enter the new password again").FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        Assert.Equal("/account/sign-in", new Uri(page.Url).AbsolutePath);

        await SignInAsync(page, email, PortalSystem.Password);
        Assert.Contains(global::Portal.Pages.Account.SignInModel.NotSignedIn, await page.Locator(".nhsuk-error-summary").InnerTextAsync());
        await SignInAsync(page, email, NewPassword);
        Assert.Equal("/search", new Uri(page.Url).AbsolutePath);
    }

    [Fact]
    public async Task After_five_wrong_passwords_even_the_right_one_is_refused_with_the_same_answer()
    {
        var email = await CreateConfirmedAsync("Lou Lockout");
        var page = await system.NewPageAsync();
        for (var attempt = 0; attempt < AccountRules.MaxFailedSignIns; attempt++)
            await SignInAsync(page, email, "not the password at all");
        var lockedAnswer = await page.Locator(".nhsuk-error-summary").InnerTextAsync();

        await SignInAsync(page, email, PortalSystem.Password);

        Assert.Equal("/account/sign-in", new Uri(page.Url).AbsolutePath);
        Assert.Equal(lockedAnswer, await page.Locator(".nhsuk-error-summary").InnerTextAsync());
        Assert.Contains(AccountRules.LockoutNotice, await page.Locator("main").InnerTextAsync());
        Assert.True(await Users().IsLockedOutAsync((await Users().FindByEmailAsync(email))!));
    }

    [Fact]
    public async Task An_admin_locks_an_account_which_then_cannot_sign_in_and_the_change_is_audited()
    {
        var email = await CreateConfirmedAsync("Kit Locked");
        var admin = await system.SignInAsync("admin@demo.example.org");
        // Found by name, whatever its case.
        await admin.GotoAsync("/admin/users?q=kit%20LOCKED");
        Assert.Contains(email, await admin.Locator("table").First.InnerTextAsync());
        await admin.GotoAsync($"/admin/users?q={Uri.EscapeDataString(email)}");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Lock Kit Locked" }).ClickAsync();
        Assert.Contains("Kit Locked is locked out", await admin.Locator(".nhsuk-notification-banner").InnerTextAsync());
        var audit = await admin.Locator("#account-changes").InnerTextAsync();
        Assert.Contains("Adam Admin", audit);
        Assert.Contains(email, audit);
        await Accessibility.AssertAccessibleAsync(admin);
        await Screenshots.SaveAsync(admin, "admin-users");

        var page = await system.NewPageAsync();
        await SignInAsync(page, email, PortalSystem.Password);
        Assert.Equal("/account/sign-in", new Uri(page.Url).AbsolutePath);
        Assert.Contains(global::Portal.Pages.Account.SignInModel.NotSignedIn, await page.Locator(".nhsuk-error-summary").InnerTextAsync());
    }

    [Fact]
    public async Task Only_an_admin_opens_the_users_page()
    {
        var curator = await system.SignInAsync("curator@demo.example.org");
        await curator.GotoAsync("/admin/users");
        Assert.Equal("You cannot open this page", await curator.Locator("h1").InnerTextAsync());
    }

    private UserManager<PortalUser> Users() =>
        system.PortalServices.CreateScope().ServiceProvider.GetRequiredService<UserManager<PortalUser>>();

    private async Task<string> CreateConfirmedAsync(string name)
    {
        var email = $"{name.Split(' ')[0].ToLowerInvariant()}-{Guid.NewGuid():N}@example.org";
        var result = await Users().CreateAsync(new PortalUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, Role = Roles.Resident,
        }, PortalSystem.Password);
        Assert.True(result.Succeeded);
        return email;
    }

    private static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }
}
