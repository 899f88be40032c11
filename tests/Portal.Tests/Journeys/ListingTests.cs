using System.Net.Http.Headers;
using System.Net.Http.Json;
using BuildingBlocks.Auth;
using Microsoft.Playwright;

namespace Portal.Tests.Journeys;

/// <summary>A real listing, put into the Directory through its API, as residents and practitioners see it.</summary>
[Collection(PortalCollection.Name)]
public sealed class ListingTests(PortalSystem system)
{
    [Fact]
    public async Task Only_practitioners_can_add_to_a_shortlist()
    {
        var serviceId = await system.ListServiceAsync("Thursday Chess Club", "Cosham Friendship Club");
        var practitioner = await system.SignInAsync("gp@demo.example.org");
        await practitioner.GotoAsync($"/services/{serviceId}");
        var add = await practitioner.Locator("form:has(button:text('Add to shortlist'))").GetAttributeAsync("action");
        var resident = await system.SignInAsync("resident@demo.example.org");
        await resident.GotoAsync($"/services/{serviceId}");
        var residentsToken = await resident.Locator("input[name='__RequestVerificationToken']").First.InputValueAsync();

        // The resident sends the practitioner's form with a valid token of their own.
        var refused = await resident.APIRequest.PostAsync(add!, new()
        {
            MaxRedirects = 0,
            Form = resident.APIRequest.CreateFormData().Set("__RequestVerificationToken", residentsToken),
        });
        var challenged = await (await system.NewPageAsync()).APIRequest.PostAsync(add!, new() { MaxRedirects = 0 });

        Assert.True(refused.Status is 302 or 403, $"a resident got {refused.Status}");
        if (refused.Status == 302) Assert.Contains("access-denied", refused.Headers["location"]);
        Assert.Equal(302, challenged.Status);
        Assert.Contains("sign-in", challenged.Headers["location"]);
    }

    [Fact]
    public async Task A_listing_shows_the_activity_and_the_actions_for_the_visitors_role()
    {
        var serviceId = await system.ListServiceAsync("Tuesday Tea and Chat", "Cosham Friendship Club");

        var anonymous = await system.NewPageAsync();
        await anonymous.GotoAsync($"/services/{serviceId}");
        Assert.Equal("Tuesday Tea and Chat", await anonymous.Locator("h1").InnerTextAsync());
        Assert.Contains("Cosham Friendship Club", await anonymous.Locator("main").InnerTextAsync());
        Assert.Equal(1, await anonymous.GetByRole(AriaRole.Link, new() { Name = "Sign in to ask to join this activity" }).CountAsync());
        await Accessibility.AssertAccessibleAsync(anonymous);
        await Screenshots.SaveAsync(anonymous, "listing");

        var practitioner = await system.SignInAsync("gp@demo.example.org");
        await practitioner.GotoAsync($"/services/{serviceId}");
        await practitioner.GetByRole(AriaRole.Button, new() { Name = "Add to shortlist" }).ClickAsync();
        Assert.Contains("Added to your shortlist", await practitioner.Locator(".nhsuk-notification-banner").InnerTextAsync());
        await practitioner.GotoAsync("/shortlist");
        Assert.Equal(1, await practitioner.GetByRole(AriaRole.Link, new() { Name = "Tuesday Tea and Chat", Exact = true }).CountAsync());
        await Accessibility.AssertAccessibleAsync(practitioner);
        await Screenshots.SaveAsync(practitioner, "practitioner-shortlist");

        var resident = await system.SignInAsync("resident@demo.example.org");
        await resident.GotoAsync($"/services/{serviceId}");
        await resident.GetByRole(AriaRole.Link, new() { Name = "Ask to join this activity" }).ClickAsync();
        Assert.Equal("Ask to join", await resident.Locator("h1").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(resident);
        await resident.GotoAsync($"/services/{serviceId}/feedback");
        Assert.Equal("What did you think?", await resident.Locator("h1").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(resident);
    }
}

public static class DirectoryArrange
{
    /// <summary>Creates an organisation and one listing through the Directory API, as a curator would.</summary>
    public static async Task<Guid> ListServiceAsync(this PortalSystem system, string name, string organisationName)
    {
        using var http = new HttpClient { BaseAddress = new Uri(system.ApiUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", system.TokenFor(Roles.Curator));
        var org = await http.PostAsJsonAsync("/api/directory/organisations", new { name = organisationName });
        org.EnsureSuccessStatusCode();
        var orgId = (await org.Content.ReadFromJsonAsync<IdOnly>())!.Id;
        var service = await http.PostAsJsonAsync("/api/directory/services",
            new { organisationId = orgId, name, description = "A cup of tea and a chat with neighbours.", acceptingReferrals = "yes" });
        if (!service.IsSuccessStatusCode)
            Assert.Fail($"listing the service failed: {(int)service.StatusCode} {await service.Content.ReadAsStringAsync()}");
        return (await service.Content.ReadFromJsonAsync<IdOnly>())!.Id;
    }

    private sealed record IdOnly(Guid Id);
}
