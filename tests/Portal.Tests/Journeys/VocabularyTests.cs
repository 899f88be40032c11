using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BuildingBlocks.Auth;
using Microsoft.Playwright;
using Portal.Identity;

namespace Portal.Tests.Journeys;

/// <summary>
/// A curator teaches search a word from the portal: a rule added on the vocabulary page is used by the very next
/// search (its "try it" link), a phrase another rule is for is refused with the reason, and a deleted rule is gone.
/// The words are the test's own, and the listing's (cribbage) near no other test's query, so no other test's searches
/// change: a listing about boats made "sailing", which must find nothing, find it by meaning.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class VocabularyTests(PortalSystem system)
{
    [Fact]
    public async Task A_rule_a_curator_adds_is_used_by_the_next_search()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        // A made-up word, sharing nothing with the listing: were it "crib" plus the listing's own suffix, the search
        // would find the listing by meaning alone, with or without the rule.
        var typed = "kx" + string.Concat(Guid.NewGuid().ToString("N")[..6].Select(c => (char)('g' + Convert.ToInt32(c.ToString(), 16))));
        var name = $"Cribbage {suffix}";
        await system.ListServiceForAsync(OrganisationIds.FromSlug(DemoUsers.ProviderOrganisationSlug), name, "Cribbage and dominoes for beginners, with tea.");
        await IndexedAsync(suffix);

        var curator = await system.SignInAsync("curator@demo.example.org");
        await curator.GotoAsync("/");
        await curator.GetByRole(AriaRole.Link, new() { Name = "Vocabulary", Exact = true }).ClickAsync();
        Assert.Equal("Search vocabulary", await curator.Locator("h1").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(curator);
        await curator.GetByLabel("What people type").FillAsync($"{typed}, cards{suffix}");
        await curator.GetByLabel("What it should also find").FillAsync("cribbage");
        await curator.GetByLabel("Other words").CheckAsync();
        await curator.GetByLabel("Note (optional)").FillAsync("People ask for it by this word; the group calls it cribbage.");
        await curator.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();

        await curator.Locator(".nhsuk-notification-banner").ShowsAsync($"Saved the rule for {typed}, cards{suffix}: searches use it now.");
        var row = curator.Locator("#vocabulary-rules tbody tr", new() { HasText = typed });
        Assert.Contains("cribbage", await row.InnerTextAsync());
        Assert.Contains("curator", await row.InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(curator);
        await Screenshots.SaveAsync(curator, "curation-vocabulary");

        // The same phrase again: refused, saying which rule has it.
        await curator.GetByLabel("What people type").FillAsync(typed);
        await curator.GetByLabel("What it should also find").FillAsync("dominoes");
        await curator.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await curator.Locator(".nhsuk-error-summary").ShowsAsync($"'{typed}' already has a rule: change that rule instead.");
        await Accessibility.AssertAccessibleAsync(curator);

        // Try it: the search runs as a resident's would, and finds the listing by the rule alone (no listing says "crib").
        await row.GetByRole(AriaRole.Link, new() { Name = $"Try it (search for {typed})" }).ClickAsync();
        Assert.Equal(1, await curator.GetByRole(AriaRole.Link, new() { Name = name }).CountAsync());

        await curator.GotoAsync($"/curator/vocabulary?q={typed}");
        await curator.GetByRole(AriaRole.Button, new() { Name = $"Delete the rule for {typed}" }).ClickAsync();
        await curator.Locator(".nhsuk-notification-banner").ShowsAsync($"Deleted the rule for {typed}.");
        Assert.Equal(0, await curator.Locator("#vocabulary-rules tbody tr", new() { HasText = typed }).CountAsync());
        await curator.GotoAsync($"/search?q={typed}");
        Assert.Equal(0, await curator.GetByRole(AriaRole.Link, new() { Name = name }).CountAsync());
    }

    /// <summary>Waits for the Directory to index the new listing (from its own event), found by its own word.</summary>
    private async Task IndexedAsync(string word)
    {
        using var http = new HttpClient { BaseAddress = new Uri(system.ApiUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", system.TokenFor(Roles.Curator));
        await Eventually.UntilAsync(async () =>
            (await http.GetFromJsonAsync<JsonElement>($"/api/directory/search?q={word}")).GetProperty("total").GetInt32() > 0,
            "the new listing indexed");
    }
}
