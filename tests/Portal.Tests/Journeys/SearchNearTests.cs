using Microsoft.Playwright;

namespace Portal.Tests.Journeys;

/// <summary>
/// A postcode the gazetteer does not have (the demo one holds a sample) still finds activities near its sector, and the
/// page says so rather than pretending to know the address (issue #19).
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class SearchNearTests(PortalSystem system)
{
    [Fact]
    public async Task A_search_near_a_postcode_the_gazetteer_lacks_shows_results_near_its_sector_and_says_so()
    {
        var page = await system.NewPageAsync();

        await page.GotoAsync("/search?q=lunch&postcode=PO6+3ZZ");

        Assert.Equal("We do not have the exact location of PO6 3ZZ, so we are showing results near PO6 3 (the postcode sector).",
            (await page.Locator("#near-approximate p").InnerTextAsync()).Trim());
        Assert.True(await page.Locator("#results-heading").CountAsync() == 1);
        await Accessibility.AssertAccessibleAsync(page);
        await Screenshots.SaveAsync(page, "search-near-sector");

        await page.GotoAsync("/search?q=lunch&postcode=PO6+3AD");
        Assert.Equal(0, await page.Locator("#near-approximate").CountAsync());
    }
}
