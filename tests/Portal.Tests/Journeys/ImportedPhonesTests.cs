using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using BuildingBlocks.Auth;

namespace Portal.Tests.Journeys;

/// <summary>
/// Issue #17: a real publisher's service whose contact has two phone numbers keeps both from the import, through the
/// curator's approval and the Open Referral UK API, to the listing page people read.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ImportedPhonesTests(PortalSystem system)
{
    private static readonly string[] Numbers = ["0800 0354213", "Bristol Youth MAPS: 0117 332 7111"];

    [Fact]
    public async Task Both_phones_of_a_real_feeds_service_reach_the_oruk_api_and_the_listing_page()
    {
        using var curator = new HttpClient { BaseAddress = new Uri(system.ApiUrl) };
        curator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", system.TokenFor(Roles.Curator));
        var feed = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "RealFeeds", "bristol-oruk3-service-1625ip.json")));
        var imported = await curator.PostAsJsonAsync("/api/directory/import", new { json = new JsonArray(feed), publisher = "bristol-" + Guid.NewGuid().ToString("N") });
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        var id = (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("records")[0].GetProperty("serviceId").GetGuid();
        var queue = await curator.GetFromJsonAsync<JsonElement>("/api/directory/moderation");
        var change = queue.GetProperty("pending").EnumerateArray().Single(c => c.GetProperty("serviceId").GetGuid() == id).GetProperty("changeId").GetGuid();
        var approved = await curator.PostAsJsonAsync($"/api/directory/moderation/{change}/approve", new { });
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());

        var published = await curator.GetFromJsonAsync<JsonElement>($"/services/{id}");
        Assert.Equal(Numbers, published.GetProperty("contacts")[0].GetProperty("phones").EnumerateArray().Select(p => p.GetProperty("number").GetString()));

        var page = await system.NewPageAsync();
        await page.GotoAsync($"/services/{id}");
        Assert.Equal(Numbers, await page.Locator("#phone li a").AllInnerTextsAsync());
        Assert.Equal("tel:08000354213", await page.Locator("#phone li a").First.GetAttributeAsync("href"));
        Assert.Equal("tel:01173327111", await page.Locator("#phone li a").Last.GetAttributeAsync("href"));
        await Accessibility.AssertAccessibleAsync(page);
    }
}
