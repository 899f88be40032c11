using Microsoft.Playwright;

namespace Portal.Tests.Journeys;

/// <summary>
/// Easy read (issue #19, docs/LANGUAGES.md): switched on from the layout like the language, it shows the key facts of
/// a listing, a leaflet and a social prescription with a picture each (inline, with a text alternative), short
/// sentences and larger text; in any language; axe finds nothing serious.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class EasyReadTests(PortalSystem system)
{
    [Fact]
    public async Task A_person_turns_on_easy_read_and_the_listing_shows_pictures_and_short_sentences_for_the_key_facts()
    {
        var id = await system.ListActivityAsync("Easy read lunch club " + Guid.NewGuid().ToString("N")[..6], ["English"], ["step-free-access"]);
        var page = await system.NewPageAsync(1024, 768, javaScript: false);
        await page.GotoAsync($"/services/{id}");
        Assert.Equal(0, await page.Locator("#easy-read").CountAsync());
        var ordinarySize = await FontSizeAsync(page, "#cost");

        await page.Locator("#easy-read-switcher").GetByRole(AriaRole.Button, new() { Name = "Easy read" }).ClickAsync();

        Assert.Equal($"/services/{id}", new Uri(page.Url).AbsolutePath);
        Assert.Equal("true", await page.Locator("#easy-read-switcher button").GetAttributeAsync("aria-pressed"));
        var facts = page.Locator("#easy-read .app-easy-fact");
        Assert.Equal(["when", "where", "cost", "welcomedby", "accessibility"], await Kinds(facts));
        Assert.Equal(["When it is on", "Where it is", "How much it costs", "Who you will meet", "Help with access"],
            await page.Locator("#easy-read .app-easy-fact h2").AllInnerTextsAsync());
        // Each picture is drawn in the page and says what it shows.
        Assert.Equal(["A clock", "A map pin", "A coin with a pound sign", "A person", "A person with arms open: access for everyone"],
            await Pictures(facts));
        var text = await page.Locator("#easy-read").InnerTextAsync();
        Assert.Contains("Tuesdays, 10am to noon", text);
        Assert.Contains("It costs £2.50 (Includes tea and cake).", text);
        Assert.Contains("Ola will meet you.", text);
        Assert.Contains("Step-free access", text);
        Assert.True(await FontSizeAsync(page, "#cost") > ordinarySize, "easy read's text is larger");
        await Accessibility.AssertAccessibleAsync(page);
        await Screenshots.SaveAsync(page, "easy-read-listing");

        // Off again, the same way.
        await page.Locator("#easy-read-switcher").GetByRole(AriaRole.Button, new() { Name = "Easy read" }).ClickAsync();
        Assert.Equal(0, await page.Locator("#easy-read").CountAsync());
    }

    [Fact]
    public async Task A_social_prescription_in_easy_read_and_arabic_has_the_pictures_on_paper_in_that_language()
    {
        var gp = await system.SignInAsync("gp@demo.example.org");
        await gp.GotoAsync("/search?q=home+visits&postcode=PO6+2GB");
        await gp.GetByRole(AriaRole.Link, new() { Name = "Good Neighbours home visits" }).ClickAsync();
        await ReferralSteps.ReferFromListingAsync(gp, "Amira", ReferralSteps.UniqueFamilyName("Haddad"), shareOutcomes: true,
            ReferralSteps.UniqueNhsNumber());
        var referral = new Uri(gp.Url).AbsolutePath;
        await gp.GotoAsync(referral + "/print?culture=ar");

        await gp.GetByRole(AriaRole.Button, new() { Name = "قراءة سهلة" }).ClickAsync();

        Assert.Equal(referral + "/print", new Uri(gp.Url).AbsolutePath);
        Assert.Equal("ar", await gp.GetAttributeAsync("html", "lang"));
        Assert.Equal("rtl", await gp.GetAttributeAsync("html", "dir"));
        var facts = gp.Locator(".app-easy-fact");
        Assert.Contains("when", await Kinds(facts));
        Assert.Equal("ساعة", await facts.First.Locator("svg").GetAttributeAsync("aria-label"));
        Assert.Contains("متى يكون", await facts.First.InnerTextAsync());
        // The pictured facts are not said twice: the list below has the rest (contact, how to join...).
        Assert.Equal(0, await gp.Locator(".app-print-fact dt", new() { HasTextString = "متى" }).CountAsync());
        Assert.True(await gp.Locator(".app-print-fact").CountAsync() > 0);
        await Accessibility.AssertAccessibleAsync(gp);
        await Screenshots.SaveAsync(gp, "easy-read-prescription-ar");

        await gp.GotoAsync(referral + "/print");
        Assert.Equal("en-GB", await gp.GetAttributeAsync("html", "lang"));
        Assert.Equal("When it is on", await gp.Locator(".app-easy-fact h3").First.InnerTextAsync());
        await Screenshots.SaveAsync(gp, "easy-read-prescription");
    }

    private static async Task<List<string>> Kinds(ILocator facts) =>
        [.. (await facts.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.fact)"))];

    private static async Task<List<string>> Pictures(ILocator facts) =>
        [.. (await facts.EvaluateAllAsync<string[]>("els => els.map(e => { const svg = e.querySelector('svg[role=img]'); return svg.getAttribute('aria-label'); })"))];

    private static Task<double> FontSizeAsync(IPage page, string selector) =>
        page.Locator(selector).EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)");
}
