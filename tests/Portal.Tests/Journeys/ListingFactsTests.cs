using System.Net.Http.Headers;
using System.Net.Http.Json;
using BuildingBlocks.Auth;
using Microsoft.Playwright;

namespace Portal.Tests.Journeys;

/// <summary>
/// What a person needs to act on a listing (issue #19): who it is for, cost, accessibility, languages, contact, a map,
/// and times in UK English; and search filters on language and accessibility that reach the Directory's criteria.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ListingFactsTests(PortalSystem system)
{
    [Fact]
    public async Task A_listing_shows_who_it_is_for_cost_access_languages_contact_and_a_map()
    {
        var id = await system.ListActivityAsync("Polish Tuesday Club " + Unique(), ["English", "Polish"], ["step-free-access", "hearing-loop"]);

        var page = await system.NewPageAsync();
        await page.GotoAsync($"/services/{id}");

        Assert.Equal("£2.50 (Includes tea and cake)", await page.Locator("#cost").InnerTextAsync());
        var when = await page.Locator("#when").InnerTextAsync();
        Assert.Contains("Tuesdays, 10am to noon", when);
        Assert.Matches(@"next: (today|tomorrow|[A-Z][a-z]+day \d{1,2} [A-Z][a-z]+)", when);
        Assert.DoesNotContain("T10:00", when);
        var who = await page.Locator("#who").InnerTextAsync();
        Assert.Contains("Ages 60 and over", who);
        Assert.Contains("People who live in Cosham", who);
        Assert.Equal(["Step-free access", "Hearing loop"], await page.Locator("#accessibility li").AllInnerTextsAsync());
        Assert.Equal("English, Polish", await page.Locator("#languages").InnerTextAsync());
        Assert.Equal("Drop in or ask to join yourself", await page.Locator("#joining").InnerTextAsync());
        Assert.Equal("tel:02392000000", await page.Locator("#phone a").GetAttributeAsync("href"));
        Assert.Equal("mailto:club@example.org", await page.Locator("#email a").GetAttributeAsync("href"));
        var map = page.Locator("#where a");
        Assert.Equal("https://www.openstreetmap.org/?mlat=50.84512&mlon=-1.06543#map=17/50.84512/-1.06543", await map.GetAttributeAsync("href"));
        Assert.Contains("on a map", await map.InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(page);
        await Screenshots.SaveAsync(page, "listing-facts");
    }

    [Fact]
    public async Task Search_filters_on_the_language_an_activity_runs_in()
    {
        var word = Unique();
        await system.ListActivityAsync($"Knitting circle {word} in Polish", ["Polish"], []);
        await system.ListActivityAsync($"Knitting circle {word} in English", ["English"], []);
        var page = await system.NewPageAsync();
        await Eventually.ReloadUntilAsync(page, $"/search?q={word}",
            async () => await Card(page, $"Knitting circle {word} in Polish").CountAsync() == 1
                && await Card(page, $"Knitting circle {word} in English").CountAsync() == 1, "both new listings found");
        // Each result says what it runs in and costs before any filter is set.
        var english = await Card(page, $"Knitting circle {word} in English").InnerTextAsync();
        Assert.Contains("Runs in English", english);
        Assert.DoesNotContain("Polish", english);
        Assert.Contains("£2.50 (Includes tea and cake)", english);

        await page.GetByText("More filters").ClickAsync();
        await page.GetByLabel("Language", new() { Exact = true }).SelectOptionAsync("Polish");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        Assert.Contains("language=Polish", page.Url);
        // Search by meaning may add other listings near the made-up word, so the two are looked for by name.
        Assert.Equal(1, await Card(page, $"Knitting circle {word} in Polish").CountAsync());
        Assert.Equal(0, await Card(page, $"Knitting circle {word} in English").CountAsync());
        var card = await Card(page, $"Knitting circle {word} in Polish").InnerTextAsync();
        Assert.Contains("Runs in Polish", card);
        Assert.Contains("£2.50 (Includes tea and cake)", card);
        Assert.Equal("Polish", await page.Locator("#language").InputValueAsync());
    }

    [Fact]
    public async Task Search_filters_on_what_the_place_offers_all_features_ticked()
    {
        var word = Unique();
        await system.ListActivityAsync($"Singing group {word} with a loop", ["English"], ["step-free-access", "hearing-loop"]);
        await system.ListActivityAsync($"Singing group {word} step-free", ["English"], ["step-free-access"]);
        var page = await system.NewPageAsync();
        await Eventually.ReloadUntilAsync(page, $"/search?q={word}",
            async () => await Card(page, $"Singing group {word} with a loop").CountAsync() == 1
                && await Card(page, $"Singing group {word} step-free").CountAsync() == 1, "both new listings found");

        await page.GetByText("More filters").ClickAsync();
        await page.GetByLabel("Step-free access").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        Assert.Equal(1, await Card(page, $"Singing group {word} with a loop").CountAsync());
        Assert.Equal(1, await Card(page, $"Singing group {word} step-free").CountAsync());

        await page.GetByLabel("Hearing loop").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        Assert.Equal(0, await Card(page, $"Singing group {word} step-free").CountAsync());
        var only = await Card(page, $"Singing group {word} with a loop").InnerTextAsync();
        Assert.Contains("Step-free access, Hearing loop", only);
        Assert.True(await page.GetByLabel("Hearing loop").IsCheckedAsync());
        await Accessibility.AssertAccessibleAsync(page);
        await Screenshots.SaveAsync(page, "search-filters");
    }

    [Fact]
    public async Task Search_finds_activities_at_places_with_a_bus_stop_nearby_where_their_groups_say_so()
    {
        var page = await system.NewPageAsync();
        await page.GotoAsync("/search?q=lunch+club");
        await page.GetByText("More filters").ClickAsync();
        await page.GetByLabel("Bus stop nearby").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        // The demo's Allaway Avenue hub, where "buses stop outside", has its lunch club; every result's place has a stop.
        Assert.Equal(1, await Card(page, "Tuesday lunch club").CountAsync());
        var cards = await page.Locator(".nhsuk-card").Filter(new() { Has = page.Locator("h2, h3") }).AllInnerTextsAsync();
        Assert.All(cards, card => Assert.Contains("Bus stop nearby", card));
        Assert.True(await page.GetByLabel("Bus stop nearby").IsCheckedAsync());
        await Accessibility.AssertAccessibleAsync(page);
    }

    private static ILocator Card(IPage page, string name) =>
        page.Locator(".nhsuk-card").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }) });

    // Letters only: the search reads digits and hyphens as separate words.
    private static string Unique() => "zq" + new string([.. Guid.NewGuid().ToString("N")[..8].Select(c => (char)('a' + c % 26))]);
}

public static class ActivityArrange
{
    /// <summary>A live listing with every fact a person acts on, at a new place with the given features.</summary>
    public static async Task<Guid> ListActivityAsync(this PortalSystem system, string name, string[] languages, string[] accessibility)
    {
        using var http = new HttpClient { BaseAddress = new Uri(system.ApiUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", system.TokenFor(Roles.Curator));
        var org = await http.PostAsJsonAsync("/api/directory/organisations", new { name = "Cosham Community Club " + Guid.NewGuid().ToString("N")[..6] });
        org.EnsureSuccessStatusCode();
        var orgId = (await org.Content.ReadFromJsonAsync<IdOnly>())!.Id;
        var service = await http.PostAsJsonAsync("/api/directory/services", new
        {
            organisationId = orgId, name, summary = "A friendly group.", description = "Come along and meet people.",
            attendingType = "in-person", acceptingReferrals = "yes",
            eligibility = new { minimumAge = 60, description = "People who live in Cosham" },
            cost = new { isFree = false, amount = 2.50m, currency = "GBP", description = "Includes tea and cake" },
            access = new { dropIn = true, selfReferral = true, practitionerReferral = false },
            contact = new { name = "Ola", email = "club@example.org", phone = "023 9200 0000" },
            languages,
            schedules = new[] { new { frequency = "weekly", byDay = new[] { "tuesday" }, opensAt = "10:00:00", closesAt = "12:00:00" } },
            newPlaces = new[]
            {
                new { name = "Cosham Community Centre", address1 = "High Street", city = "Portsmouth", postcode = "PO6 2GB",
                    latitude = 50.845123, longitude = -1.065432, accessibility },
            },
        });
        if (!service.IsSuccessStatusCode)
            Assert.Fail($"listing the activity failed: {(int)service.StatusCode} {await service.Content.ReadAsStringAsync()}");
        return (await service.Content.ReadFromJsonAsync<IdOnly>())!.Id;
    }

    private sealed record IdOnly(Guid Id);
}
