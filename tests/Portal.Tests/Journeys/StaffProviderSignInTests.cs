using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Identity;
using TestIdentityProvider;

namespace Portal.Tests.Journeys;

/// <summary>Staff sign in through the hub's OpenID Connect provider: a real OpenIddict server on a loopback port.</summary>
[Collection(StaffProviderCollection.Name)]
public sealed class StaffProviderSignInTests(StaffProviderSystem system)
{
    private const string Button = "Sign in with " + StaffProviderSystem.ProviderName;

    [Fact]
    public async Task A_practitioner_signs_in_through_the_provider_as_their_staff_account_and_later_by_subject_alone()
    {
        var practitioner = await CreateAsync(Roles.Practitioner, "Pria Provider");
        var identity = StaffProviderSystem.Identity(practitioner.Email!);
        system.Provider.AddIdentity(identity);

        var page = await system.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await Accessibility.AssertAccessibleAsync(page);
        await Screenshots.SaveAsync(page, "sign-in-with-provider");
        await SignInThroughProviderAsync(page, identity);

        // Landed on the practitioner's own page, as that account, and not sent to set up the portal's own second
        // factor (the hub requires it for password sign-ins only; the provider applies its own).
        Assert.Equal("/referrals", new Uri(page.Url).AbsolutePath);
        Assert.Contains("Pria Provider (practitioner)", await page.Locator("header").InnerTextAsync());
        var logins = await Users().GetLoginsAsync(await Users().FindByIdAsync(practitioner.Id) ?? throw new InvalidOperationException());
        var login = Assert.Single(logins);
        Assert.Equal((StaffSignInProvider.Scheme, identity.Subject), (login.LoginProvider, login.ProviderKey));
        Assert.Equal([AccountActions.ProviderLinked, AccountActions.SignedInThroughProvider], await AuditedAsync(practitioner.Id));

        // The provider now gives another address: the subject alone still opens the same account.
        system.Provider.AddIdentity(identity with { Email = $"changed-{Guid.NewGuid():N}@example.org" });
        var again = await system.NewPageAsync();
        await again.GotoAsync("/account/sign-in");
        await SignInThroughProviderAsync(again, identity);
        Assert.Equal("/referrals", new Uri(again.Url).AbsolutePath);
        Assert.Contains("Pria Provider", await again.Locator("header").InnerTextAsync());
        Assert.Equal(
            [AccountActions.ProviderLinked, AccountActions.SignedInThroughProvider, AccountActions.SignedInThroughProvider],
            await AuditedAsync(practitioner.Id));
    }

    [Fact]
    public async Task An_address_with_no_staff_account_is_refused_and_nothing_is_created()
    {
        var resident = await CreateAsync(Roles.Resident, "Rita Resident");
        var stranger = StaffProviderSystem.Identity($"stranger-{Guid.NewGuid():N}@example.org");
        var residentAtProvider = StaffProviderSystem.Identity(resident.Email!);
        system.Provider.AddIdentity(stranger);
        system.Provider.AddIdentity(residentAtProvider);
        var accountsBefore = await Users().Users.CountAsync();
        var loginsBefore = await Db().UserLogins.CountAsync();

        foreach (var identity in new[] { stranger, residentAtProvider })
        {
            var page = await system.NewPageAsync();
            await page.GotoAsync("/account/sign-in");
            await SignInThroughProviderAsync(page, identity);

            Assert.Equal($"You cannot sign in with {StaffProviderSystem.ProviderName}", await page.Locator("h1").InnerTextAsync());
            Assert.Contains("does not create one", await page.Locator("main").InnerTextAsync());
            Assert.Contains("Sign in", await page.Locator("header").InnerTextAsync());
            Assert.DoesNotContain("Sign out", await page.Locator("header").InnerTextAsync());
            await Accessibility.AssertAccessibleAsync(page);
            if (identity == stranger) await Screenshots.SaveAsync(page, "sign-in-with-provider-refused");
        }

        Assert.Equal(accountsBefore, await Users().Users.CountAsync());
        Assert.Equal(loginsBefore, await Db().UserLogins.CountAsync());
        Assert.Null(await Users().FindByEmailAsync(stranger.Email));
        Assert.Equal(Roles.Resident, (await Users().FindByIdAsync(resident.Id))!.Role);
        Assert.Empty(await AuditedAsync(resident.Id));
    }

    [Fact]
    public async Task An_address_the_provider_has_not_verified_does_not_link_a_staff_account()
    {
        var curator = await CreateAsync(Roles.Curator, "Cal Curator");
        var unverified = StaffProviderSystem.Identity(curator.Email!, emailVerified: false);
        system.Provider.AddIdentity(unverified);

        var page = await system.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await SignInThroughProviderAsync(page, unverified);

        Assert.Contains("did not tell us a verified email address", await page.Locator("main").InnerTextAsync());
        Assert.Empty(await Users().GetLoginsAsync((await Users().FindByIdAsync(curator.Id))!));
    }

    private async Task SignInThroughProviderAsync(IPage page, TestIdentity identity)
    {
        // Three sites' worth of redirects (portal, provider, portal again) with token checks: a loaded machine needs time.
        page.SetDefaultTimeout(90_000);
        page.SetDefaultNavigationTimeout(90_000);
        await page.GetByRole(AriaRole.Button, new() { Name = Button }).ClickAsync();
        await page.GetByLabel("Username").FillAsync(identity.UserName);
        await page.GetByLabel("Password").FillAsync(identity.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    // Ordered here: SQLite cannot order by a DateTimeOffset.
    private async Task<List<string>> AuditedAsync(string userId) =>
        (await Db().Set<AccountAuditEntry>().Where(e => e.SubjectUserId == userId).ToListAsync())
            .OrderBy(e => e.At).Select(e => e.Action).ToList();

    private UserManager<PortalUser> Users() =>
        system.PortalServices.CreateScope().ServiceProvider.GetRequiredService<UserManager<PortalUser>>();

    private PortalDb Db() => system.PortalServices.CreateScope().ServiceProvider.GetRequiredService<PortalDb>();

    private async Task<PortalUser> CreateAsync(string role, string name)
    {
        var email = $"{name.Split(' ')[0].ToLowerInvariant()}-{Guid.NewGuid():N}@example.org";
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, Role = role };
        Assert.True((await Users().CreateAsync(user, PortalSystem.Password)).Succeeded);
        return user;
    }
}
