using Microsoft.Playwright;

namespace Portal.Tests.Journeys;

/// <summary>
/// A provider adds a new activity through the guided form: a refused form says why and saves nothing, an accepted
/// one is "sent for review", the times read in plain English on their listings, and once a curator approves it
/// people find it in search.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AddListingTests(PortalSystem system)
{
    [Fact]
    public async Task A_provider_adds_a_listing_with_a_weekly_time_and_a_new_place_and_it_is_found_once_approved()
    {
        var word = "Seedswap" + Guid.NewGuid().ToString("N")[..6];
        var name = $"{word} garden club";

        // Without JavaScript: the form is one plain post.
        var provider = await system.SignInAsync("provider@demo.example.org", javaScript: false);
        await provider.GotoAsync("/provider/listings");
        await provider.GetByRole(AriaRole.Button, new() { Name = "Add a listing" }).ClickAsync();
        Assert.Equal("Add a listing", await provider.Locator("h1").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(provider);
        await Screenshots.SaveAsync(provider, "provider-add-listing");

        // Refused by the portal: what is missing is listed and marked at each field.
        await provider.GetByRole(AriaRole.Button, new() { Name = "Send for review" }).ClickAsync();
        var summary = await provider.Locator(".nhsuk-error-summary").InnerTextAsync();
        Assert.Contains("Enter the name of the activity", summary);
        Assert.Contains("Choose where the activity happens", summary);
        Assert.Contains("Add at least one time the activity runs", summary);
        await Accessibility.AssertAccessibleAsync(provider);

        await provider.GetByLabel("Name of the activity").FillAsync(name);
        await provider.GetByLabel("Summary").FillAsync("Swap seeds and cuttings, and grow veg together.");
        await provider.GetByLabel("Place", new() { Exact = true }).SelectOptionAsync("new");
        await provider.GetByLabel("Name of the new place").FillAsync("Cosham allotments hut");
        await provider.GetByLabel("Address line").FillAsync("Wayte Street");
        await provider.GetByLabel("Town or city").FillAsync("Portsmouth");
        await provider.GetByLabel("Postcode").FillAsync("NOT A POSTCODE");
        await provider.GetByLabel("Step-free access").CheckAsync();
        await provider.GetByLabel("How to get there").FillAsync("The 700 bus stops at Cosham station, then a short walk.");
        await provider.GetByLabel("What to expect at the first visit").FillAsync("Wear old clothes; we lend gloves and tools.");
        await provider.GetByLabel("Who will welcome them").FillAsync("Mo, who runs the plot");
        await provider.GetByLabel("How often (time 1)").SelectOptionAsync("weekly");
        await provider.GetByLabel("Day (time 1)").SelectOptionAsync("tuesday");
        await provider.GetByLabel("Start time (time 1)").FillAsync("10:00");
        await provider.GetByLabel("End time (time 1)").FillAsync("12:00");

        // Refused by the Directory: the portal's words for it land on the field, and nothing is saved.
        await provider.GetByRole(AriaRole.Button, new() { Name = "Send for review" }).ClickAsync();
        Assert.Contains("Enter the postcode of the new place, like PO6 3AA", await provider.Locator(".nhsuk-error-summary").InnerTextAsync());
        Assert.Contains("Enter the postcode of the new place, like PO6 3AA", await provider.Locator("#newPlaces\\[0\\]-postcode-error").InnerTextAsync());
        Assert.Equal(name, await provider.GetByLabel("Name of the activity").InputValueAsync());
        await Screenshots.SaveAsync(provider, "provider-add-listing-errors");

        await provider.GetByLabel("Postcode").FillAsync("PO6 3AA");
        await provider.GetByRole(AriaRole.Button, new() { Name = "Send for review" }).ClickAsync();
        Assert.Equal("Listing sent for review", await provider.Locator("h1").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(provider);
        await Screenshots.SaveAsync(provider, "provider-add-listing-sent");

        await provider.GotoAsync("/provider/listings");
        var rows = provider.Locator("tr", new() { HasText = word });
        Assert.Equal(1, await rows.CountAsync());
        var row = await rows.InnerTextAsync();
        Assert.Contains("Tuesdays, 10am to noon", row);
        Assert.Contains("pending approval", row);
        await Accessibility.AssertAccessibleAsync(provider);
        await Screenshots.SaveAsync(provider, "provider-listings-times");

        var resident = await system.NewPageAsync();
        await resident.GotoAsync($"/search?q={word}");
        Assert.Equal(0, await resident.Locator(".nhsuk-card", new() { HasText = word }).CountAsync());

        var curator = await system.SignInAsync("curator@demo.example.org", javaScript: false);
        await curator.GotoAsync("/curator/moderation");
        var card = curator.Locator("li.nhsuk-card", new() { HasText = name });
        Assert.Contains("New listing", await card.InnerTextAsync());
        await card.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        Assert.Contains($"Approved: {name} is live", await curator.Locator(".nhsuk-notification-banner").InnerTextAsync());

        // Search is a projection fed by the listing's events: it catches up within moments.
        var found = false;
        for (var attempt = 0; attempt < 40 && !found; attempt++)
        {
            if (attempt > 0) await Task.Delay(500);
            await resident.GotoAsync($"/search?q={word}");
            found = await resident.Locator(".nhsuk-card", new() { HasText = name }).CountAsync() == 1;
        }
        Assert.True(found, "the approved listing is not found in search");
        await resident.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        var detail = await resident.Locator("main").InnerTextAsync();
        Assert.Contains("Tuesdays, 10am to noon", detail);
        Assert.Contains("Cosham allotments hut", detail);
        Assert.Equal("The 700 bus stops at Cosham station, then a short walk.", await resident.Locator("#getting-there").InnerTextAsync());
        Assert.Equal("Wear old clothes; we lend gloves and tools.", await resident.Locator("#first-visit").InnerTextAsync());
        Assert.Equal("Mo, who runs the plot", await resident.Locator("#welcomed-by").InnerTextAsync());
    }
}
