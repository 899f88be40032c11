using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Identity;
using static Portal.Tests.Journeys.OnboardingSteps;

namespace Portal.Tests.Journeys;

/// <summary>Who may open the onboarding pages and who may change an organisation's staff or a team.</summary>
[Collection(PortalCollection.Name)]
public sealed class OnboardingAccessTests(PortalSystem system)
{
    [Theory]
    [InlineData(null, "/admin/applications", "sign-in")]
    [InlineData(null, "/admin/teams", "sign-in")]
    [InlineData(null, "/organisations/staff", "sign-in")]
    [InlineData(null, "/team", "sign-in")]
    [InlineData("provider@demo.example.org", "/admin/applications", "access-denied")]
    [InlineData("curator@demo.example.org", "/admin/teams", "access-denied")]
    [InlineData("gp@demo.example.org", "/organisations/staff", "access-denied")]
    [InlineData("resident@demo.example.org", "/team", "access-denied")]
    public async Task Onboarding_pages_are_for_their_roles_only(string? email, string path, string sentTo)
    {
        var page = email is null ? await system.NewPageAsync() : await system.SignInAsync(email);

        var response = await page.APIRequest.GetAsync(path, new() { MaxRedirects = 0 });

        Assert.Equal(302, response.Status);
        Assert.Contains(sentTo, response.Headers["location"]);
    }

    [Fact]
    public async Task Staff_who_are_not_the_admin_see_their_colleagues_but_cannot_invite_or_remove()
    {
        var organisationId = OrganisationIds.FromSlug(DemoUsers.ProviderOrganisationSlug);
        var email = $"staff-{Unique()}@example.org";
        await using (var scope = system.PortalServices.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            Assert.True((await users.CreateAsync(new PortalUser
            {
                UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Sid Staff", Role = Roles.Provider,
                OrganisationId = organisationId,
            }, NewPassword)).Succeeded);
        }
        var staff = await system.SignInAsync(email, password: NewPassword);
        await staff.GotoAsync("/organisations/staff");
        Assert.Contains("Pat Provider", await staff.Locator("#staff").InnerTextAsync());
        Assert.Equal(0, await staff.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).CountAsync());
        var token = await staff.Locator("input[name='__RequestVerificationToken']").First.InputValueAsync();
        var provider = await system.AccountAsync("provider@demo.example.org");

        var invite = await staff.APIRequest.PostAsync("/organisations/staff?handler=invite", new()
        {
            MaxRedirects = 0,
            Form = staff.APIRequest.CreateFormData().Set("__RequestVerificationToken", token).Set("Invitation.Email", "friend@example.org"),
        });
        var remove = await staff.APIRequest.PostAsync($"/organisations/staff?handler=remove&userId={provider!.Id}", new()
        {
            MaxRedirects = 0,
            Form = staff.APIRequest.CreateFormData().Set("__RequestVerificationToken", token),
        });

        Assert.Contains("access-denied", invite.Headers["location"]);
        Assert.Contains("access-denied", remove.Headers["location"]);
        Assert.Equal(0, await system.WithPortalDbAsync(db => db.Invites.CountAsync(i => i.Email == "friend@example.org")));
        Assert.Equal(organisationId, (await system.AccountAsync("provider@demo.example.org"))!.OrganisationId);
    }
}
