using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Identity;
using static Portal.Tests.Journeys.OnboardingSteps;

namespace Portal.Tests.Journeys;

/// <summary>An admin finds an organisation by name and sees its staff: who is its admin, who is locked out.</summary>
[Collection(PortalCollection.Name)]
public sealed class AdminOrganisationsTests(PortalSystem system)
{
    [Fact]
    public async Task An_admin_finds_an_organisation_by_name_and_sees_its_admin_and_staff()
    {
        var name = "Copnor Men's Shed " + Unique();
        var (organisationId, _) = await system.OrganisationWithListingAsync(name, "Shed mornings " + Unique());
        var adminEmail = $"ray-{Unique()}@example.org";
        var staffEmail = $"lou-{Unique()}@example.org";
        await system.CreateOrganisationAdminAsync(adminEmail, "Ray Shedadmin", organisationId);
        await CreateLockedStaffAsync(staffEmail, "Lou Shedstaff", organisationId);

        var admin = await system.SignInAsync("admin@demo.example.org");
        await admin.GotoAsync("/admin/users");
        // In the header beside the other admin links (a narrow window folds it into "More", so it is followed by address).
        Assert.Equal(1, await admin.Locator("header a[href='/admin/organisations']").CountAsync());
        await admin.GotoAsync("/admin/organisations");
        Assert.Equal("Organisations", await admin.Locator("h1").InnerTextAsync());
        await admin.GetByLabel("Find by name").FillAsync(name.ToUpperInvariant());
        await admin.GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        var rows = admin.Locator("#organisations tbody tr");
        Assert.Equal(1, await rows.CountAsync());
        var row = await rows.InnerTextAsync();
        Assert.Contains(name, row);
        Assert.Contains("Ray Shedadmin", row);
        await Accessibility.AssertAccessibleAsync(admin);
        await Screenshots.SaveAsync(admin, "admin-organisations-found");

        await admin.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        Assert.Equal($"/admin/organisations/{organisationId}", new Uri(admin.Url).AbsolutePath);
        Assert.Equal(name, await admin.Locator("h1").InnerTextAsync());
        var adminRow = await admin.Locator("#staff tbody tr").Filter(new() { HasText = adminEmail }).InnerTextAsync();
        Assert.Contains("Ray Shedadmin", adminRow);
        Assert.Contains("Admin", adminRow);
        Assert.Contains("Can sign in", adminRow);
        var staffRow = await admin.Locator("#staff tbody tr").Filter(new() { HasText = staffEmail }).InnerTextAsync();
        Assert.Contains("Lou Shedstaff", staffRow);
        Assert.Contains("Staff", staffRow);
        Assert.Contains("Locked", staffRow);
        await Accessibility.AssertAccessibleAsync(admin);
        await Screenshots.SaveAsync(admin, "admin-organisation-staff");

        // The way to act on a person is the users page, found on their email.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Change role or lock Lou Shedstaff" }).ClickAsync();
        Assert.Equal("/admin/users", new Uri(admin.Url).AbsolutePath);
        Assert.Contains(staffEmail, await admin.Locator("table").First.InnerTextAsync());
        Assert.Equal(1, await admin.GetByRole(AriaRole.Button, new() { Name = "Unlock Lou Shedstaff" }).CountAsync());
    }

    [Theory]
    [InlineData("curator@demo.example.org")]
    [InlineData("provider@demo.example.org")]
    public async Task Only_an_admin_opens_the_organisations_pages(string email)
    {
        var (organisationId, _) = await system.OrganisationWithListingAsync("Eastney Swifts " + Unique(), "Swift walks " + Unique());
        await system.CreateOrganisationAdminAsync($"pat-{Unique()}@example.org", "Pat Swift", organisationId);
        var page = await system.SignInAsync(email);
        foreach (var path in new[] { "/admin/organisations", $"/admin/organisations/{organisationId}" })
        {
            await page.GotoAsync(path);
            Assert.Equal("You cannot open this page", await page.Locator("h1").InnerTextAsync());
            Assert.DoesNotContain("Pat Swift", await page.Locator("main").InnerTextAsync());
        }
        Assert.Equal(0, await page.Locator("a[href='/admin/organisations']").CountAsync());
    }

    [Fact]
    public async Task An_organisation_the_portal_does_not_know_is_not_found()
    {
        var admin = await system.SignInAsync("admin@demo.example.org");
        var response = await admin.GotoAsync($"/admin/organisations/{Guid.NewGuid()}");
        Assert.Equal(404, response!.Status);
    }

    private async Task CreateLockedStaffAsync(string email, string name, Guid organisationId)
    {
        await using var scope = system.PortalServices.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var staff = new PortalUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, Role = Roles.Provider,
            OrganisationId = organisationId,
        };
        var created = await users.CreateAsync(staff, NewPassword);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.SetLockoutEnabledAsync(staff, true);
        await users.SetLockoutEndDateAsync(staff, DateTimeOffset.MaxValue);
    }
}
