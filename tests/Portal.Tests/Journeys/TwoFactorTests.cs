using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Identity;
using Portal.Pages.Account;
using static Portal.Tests.Journeys.TwoFactorSteps;

namespace Portal.Tests.Journeys;

/// <summary>Two-factor sign-in where the hub leaves it to each person: set it up, then sign in with a code.</summary>
[Collection(PortalCollection.Name)]
public sealed class TwoFactorTests(PortalSystem system)
{
    [Fact]
    public async Task A_practitioner_turns_on_two_factor_sign_in_then_a_wrong_code_is_refused_and_the_right_one_signs_in()
    {
        var email = await CreateAsync(system.PortalServices, Roles.Practitioner, "Tom Two-Factor");
        var page = await system.SignInAsync(email);
        await page.GotoAsync("/account/details");
        await page.GetByRole(AriaRole.Link, new() { Name = "Two-factor sign-in" }).ClickAsync();
        Assert.Equal("Set up two-factor sign-in", await page.Locator("h1").InnerTextAsync());
        Assert.StartsWith("data:image/png;base64,", await page.Locator("img.two-factor-qr").GetAttributeAsync("src"));
        Assert.StartsWith("otpauth://totp/", await page.Locator("#authenticator-uri").GetAttributeAsync("href"));
        await Accessibility.AssertAccessibleAsync(page);
        await Screenshots.SaveAsync(page, "two-factor-set-up");
        var key = await KeyShownAsync(page);

        // A wrong code is refused with the field's message, and two-factor sign-in stays off.
        await EnterCodeAsync(page, WrongCode(key), "Turn on two-factor sign-in");
        Assert.Contains("The security code is not right", await page.Locator(".nhsuk-error-summary").InnerTextAsync());
        Assert.Equal("#code", await page.Locator(".nhsuk-error-summary a").First.GetAttributeAsync("href"));
        Assert.Contains("The security code is not right", await page.Locator("#code-error").InnerTextAsync());
        Assert.False((await Users(system.PortalServices).FindByEmailAsync(email))!.TwoFactorEnabled);
        Assert.Equal(key, await KeyShownAsync(page));

        await EnterCodeAsync(page, CodeNow(key), "Turn on two-factor sign-in");
        Assert.Equal(TwoFactor.RecoveryCodeCount, await page.Locator("#recovery-codes li").CountAsync());
        await Accessibility.AssertAccessibleAsync(page);
        await Screenshots.SaveAsync(page, "two-factor-recovery-codes");
        Assert.True((await Users(system.PortalServices).FindByEmailAsync(email))!.TwoFactorEnabled);

        var later = await system.NewPageAsync();
        await SignInWithPasswordAsync(later, email, PortalSystem.Password);
        Assert.Equal("/account/sign-in/code", new Uri(later.Url).AbsolutePath);
        Assert.DoesNotContain("Sign out", await later.Locator("header").InnerTextAsync());
        await EnterCodeAsync(later, WrongCode(key), "Continue");
        Assert.Contains(SignInCodeModel.WrongCode, await later.Locator(".nhsuk-error-summary").InnerTextAsync());
        Assert.StartsWith("Error:", await later.TitleAsync());
        await Accessibility.AssertAccessibleAsync(later);
        await Screenshots.SaveAsync(later, "sign-in-security-code-error");
        await later.GotoAsync("/referrals");
        Assert.Equal("/account/sign-in", new Uri(later.Url).AbsolutePath);

        await SignInWithPasswordAsync(later, email, PortalSystem.Password);
        await EnterCodeAsync(later, CodeNow(key), "Continue");
        Assert.Equal("/referrals", new Uri(later.Url).AbsolutePath);
        Assert.Contains("Tom Two-Factor", await later.Locator("header").InnerTextAsync());
    }

    internal static UserManager<PortalUser> Users(IServiceProvider portal) =>
        portal.CreateScope().ServiceProvider.GetRequiredService<UserManager<PortalUser>>();

    internal static async Task<string> CreateAsync(IServiceProvider portal, string role, string name)
    {
        var email = $"{name.Split(' ')[0].ToLowerInvariant()}-{Guid.NewGuid():N}@example.org";
        var result = await Users(portal).CreateAsync(new PortalUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, Role = role,
        }, PortalSystem.Password);
        Assert.True(result.Succeeded);
        return email;
    }
}

/// <summary>Where the hub requires two-factor sign-in for staff (Accounts:RequireTwoFactorForStaff).</summary>
[Collection(StaffProviderCollection.Name)]
public sealed class RequiredTwoFactorTests(StaffProviderSystem system)
{
    [Fact]
    public async Task Staff_signing_in_with_a_password_set_it_up_before_anything_else_and_a_recovery_code_signs_in_once()
    {
        var email = await TwoFactorTests.CreateAsync(system.PortalServices, Roles.Practitioner, "Ria Required");
        var page = await system.NewPageAsync();
        await SignInWithPasswordAsync(page, email, PortalSystem.Password);

        Assert.Equal("/account/two-factor", new Uri(page.Url).AbsolutePath);
        Assert.Contains("set up two-factor sign-in before using the portal", await page.Locator("main").InnerTextAsync());
        await page.GotoAsync("/search");
        Assert.Equal("/account/two-factor", new Uri(page.Url).AbsolutePath);

        var key = await KeyShownAsync(page);
        await EnterCodeAsync(page, CodeNow(key), "Turn on two-factor sign-in");
        var recoveryCode = await page.Locator("#recovery-codes li").First.InnerTextAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "I have saved my recovery codes" }).ClickAsync();
        Assert.Equal("/search", new Uri(page.Url).AbsolutePath); // the page they last asked for
        await page.GotoAsync("/referrals");
        Assert.Equal("/referrals", new Uri(page.Url).AbsolutePath);
        await page.GotoAsync("/account/two-factor");
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Turn off two-factor sign-in" }).CountAsync());

        var lostPhone = await system.NewPageAsync();
        await SignInWithPasswordAsync(lostPhone, email, PortalSystem.Password);
        await lostPhone.GetByRole(AriaRole.Link, new() { Name = "Lost your phone? Use a recovery code" }).ClickAsync();
        await lostPhone.GetByLabel("Recovery code").FillAsync(recoveryCode.ToLowerInvariant());
        await lostPhone.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        Assert.Equal("/referrals", new Uri(lostPhone.Url).AbsolutePath);
        await lostPhone.GotoAsync("/account/two-factor");
        Assert.Equal($"{TwoFactor.RecoveryCodeCount - 1}", await lostPhone.Locator("#recovery-codes-left").InnerTextAsync());

        // Used once, the recovery code is refused the second time.
        var again = await system.NewPageAsync();
        await SignInWithPasswordAsync(again, email, PortalSystem.Password);
        await again.GotoAsync("/account/sign-in/code?recovery=true");
        await again.GetByLabel("Recovery code").FillAsync(recoveryCode);
        await again.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        Assert.Contains(SignInCodeModel.WrongRecoveryCode, await again.Locator(".nhsuk-error-summary").InnerTextAsync());
    }
}
