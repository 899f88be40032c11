using System.Net.Http.Headers;
using System.Net.Http.Json;
using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Identity;

namespace Portal.Tests.Journeys;

/// <summary>Steps the onboarding journeys share: following an invitation, arranging organisations and accounts.</summary>
public static class OnboardingSteps
{
    public const string NewPassword = "Joining-portal-2026";

    public static string Unique() => Guid.NewGuid().ToString("N")[..8];

    /// <summary>Follows the last invitation mailed to <paramref name="email"/> and sets up a new account with it.</summary>
    public static async Task<IPage> AcceptAsNewAccountAsync(PortalSystem system, string email, string name)
    {
        var page = await system.NewPageAsync();
        await page.GotoAsync(system.Mail.LinkTo(email));
        await SetUpInvitedAccountAsync(page, name);
        return page;
    }

    /// <summary>On an open invitation page: sets up the new account (password <see cref="NewPassword"/>) and accepts.</summary>
    public static async Task SetUpInvitedAccountAsync(IPage page, string name)
    {
        await page.GetByLabel("Your name").FillAsync(name);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(NewPassword);
        await page.GetByLabel("Confirm password").FillAsync(NewPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Set up account and accept" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    /// <summary>
    /// Opens the mail drop (/dev/mail) for this address as a newcomer would, waits for the email to this address whose subject has
    /// <paramref name="subject"/>, and follows its link.
    /// </summary>
    public static async Task FollowMailDropLinkAsync(IPage page, string email, string subject, string? screenshot = null)
    {
        var card = page.Locator(".nhsuk-card").Filter(new() { HasText = email }).Filter(new() { HasText = subject });
        // The delivery worker puts it there shortly after the page asked Feedback to send it.
        await Eventually.ReloadUntilAsync(page, $"/dev/mail?to={Uri.EscapeDataString(email)}", async () => await card.CountAsync() > 0, $"the email \"{subject}\" to {email}");
        if (screenshot is not null)
        {
            await Accessibility.AssertAccessibleAsync(page);
            await Screenshots.SaveAsync(page, screenshot);
        }
        await card.First.Locator(".mail-body a").First.ClickAsync();
    }

    public static async Task<T> WithPortalDbAsync<T>(this PortalSystem system, Func<PortalDb, Task<T>> work)
    {
        await using var scope = system.PortalServices.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<PortalDb>());
    }

    public static Task<PortalUser?> AccountAsync(this PortalSystem system, string email) =>
        system.WithPortalDbAsync(db => db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == email));

    /// <summary>An organisation and one listing of it, created through the Directory API as a curator would.</summary>
    public static async Task<(Guid OrganisationId, Guid ServiceId)> OrganisationWithListingAsync(this PortalSystem system,
        string organisationName, string listingName)
    {
        using var http = system.DirectoryApi();
        var org = await http.PostAsJsonAsync("/api/directory/organisations", new { name = organisationName });
        org.EnsureSuccessStatusCode();
        var orgId = (await org.Content.ReadFromJsonAsync<IdOnly>())!.Id;
        var service = await http.PostAsJsonAsync("/api/directory/services",
            new { organisationId = orgId, name = listingName, description = "Knitting and a natter.", acceptingReferrals = "yes" });
        if (!service.IsSuccessStatusCode)
            Assert.Fail($"listing the service failed: {(int)service.StatusCode} {await service.Content.ReadAsStringAsync()}");
        return (orgId, (await service.Content.ReadFromJsonAsync<IdOnly>())!.Id);
    }

    public static HttpClient DirectoryApi(this PortalSystem system)
    {
        var http = new HttpClient { BaseAddress = new Uri(system.ApiUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", system.TokenFor(Roles.Curator));
        return http;
    }

    /// <summary>An organisation's admin with a password, as an accepted application would leave them.</summary>
    public static async Task CreateOrganisationAdminAsync(this PortalSystem system, string email, string name, Guid organisationId)
    {
        await using var scope = system.PortalServices.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var created = await users.CreateAsync(new PortalUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, Role = Roles.Provider,
            OrganisationId = organisationId, IsOrganisationAdmin = true,
        }, NewPassword);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
    }

    public sealed record IdOnly(Guid Id);
}
