using System.Globalization;
using Microsoft.Playwright;
using Portal.Localisation;

namespace Portal.Tests.Journeys;

/// <summary>
/// The portal in a person's language (issue #19, docs/LANGUAGES.md): the switcher in the layout, used as a person
/// would, turns the resident's pages into Polish, Bengali or Arabic, with <c>lang</c> and <c>dir</c> to match, Arabic
/// laid out right to left, and nothing serious for axe in any of them.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class LanguageTests(PortalSystem system)
{
    public static TheoryData<string> Shipped() => [.. PortalCultures.Languages.Select(l => l.Culture)];

    [Theory]
    [MemberData(nameof(Shipped))]
    public async Task A_person_picks_their_language_in_the_switcher_and_every_public_page_is_in_it(string culture)
    {
        var language = PortalCultures.Find(culture)!;
        var word = Unique();
        var name = "Language lunch club " + word;
        var id = await system.ListActivityAsync(name, ["English", "Polish"], ["step-free-access", "hearing-loop"]);
        var page = await system.NewPageAsync(1024, 768);
        await Eventually.ReloadUntilAsync(page, $"/search?q={word}", async () => await Card(page, name).CountAsync() == 1, "the new listing found");

        if (culture != PortalCultures.Default)
            await page.Locator("#language-switcher").GetByRole(AriaRole.Button, new() { Name = language.NativeName, Exact = true }).ClickAsync();

        // Back on the same search, now in the chosen language.
        Assert.Equal("/search", new Uri(page.Url).AbsolutePath);
        await AssertLanguageAsync(page, language);
        Assert.Equal(Word(culture, "Search.Title"), await page.Locator("h1").InnerTextAsync());
        // Search by meaning may add other listings near the made-up word: the heading counts them in the language's words.
        var count = await page.Locator(".nhsuk-card").CountAsync();
        Assert.Equal(count == 1 ? Word(culture, "Search.FoundOne") : string.Format(CultureInfo.InvariantCulture, Word(culture, "Search.FoundMany"), count),
            await page.Locator("#results-heading").InnerTextAsync());
        var card = await Card(page, name).InnerTextAsync();
        Assert.Contains($"{Word(culture, "Facts.Cost")}", card);
        Assert.Contains(Word(culture, "Search.RunsIn").Replace("{0}", Word(culture, "LanguageName.English") + Word(culture, "Common.ListSeparator") + Word(culture, "LanguageName.Polish"), StringComparison.Ordinal), card);
        Assert.Equal(language.NativeName, await page.Locator("#language-switcher .app-language-current").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(page);
        await Screenshots.SaveAsync(page, $"lang-{Short(culture)}-search");

        await page.GotoAsync("/");
        await AssertLanguageAsync(page, language);
        Assert.Equal(Word(culture, "Home.Title"), await page.Locator("h1").InnerTextAsync());
        Assert.Equal(Word(culture, "SearchForm.What"), await page.Locator("label[for=q]").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(page);
        await Screenshots.SaveAsync(page, $"lang-{Short(culture)}-home");

        await page.GotoAsync($"/services/{id}");
        await AssertLanguageAsync(page, language);
        Assert.Equal(name, await page.Locator("h1").InnerTextAsync());
        var when = await page.Locator("#when").InnerTextAsync();
        Assert.StartsWith(culture switch
        {
            "pl" => "Co tydzień: wtorek, 10:00–12:00",
            "bn" => "প্রতি মঙ্গলবার, 10:00 থেকে 12:00",
            "ar" => "أيام الثلاثاء، من 10:00 إلى 12:00",
            _ => "Tuesdays, 10am to noon",
        }, when);
        Assert.Contains(Word(culture, "Accessibility.hearing-loop"), await page.Locator("#accessibility").InnerTextAsync());
        Assert.Equal(Word(culture, "LanguageName.English") + Word(culture, "Common.ListSeparator") + Word(culture, "LanguageName.Polish"), await page.Locator("#languages").InnerTextAsync());
        Assert.Equal(Word(culture, "Facts.Cost"), await page.Locator("#facts dt").First.InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(page);
        await Screenshots.SaveAsync(page, $"lang-{Short(culture)}-listing");

        await page.GotoAsync($"/services/{id}/leaflet");
        await AssertLanguageAsync(page, language);
        Assert.Contains(Word(culture, "Print.PrintedOn").Split(' ')[0], await page.Locator(".app-print-footer").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(page);

        foreach (var (path, heading) in new[] { ("/account/sign-in", "Layout.SignIn"), ("/account/sign-up", "Layout.CreateAccount"), ("/language", "Language.Title") })
        {
            await page.GotoAsync(path);
            await AssertLanguageAsync(page, language);
            Assert.Equal(Word(culture, heading), await page.Locator("h1").InnerTextAsync());
            await Accessibility.AssertAccessibleAsync(page);
        }
        // The help says which pages stay English.
        Assert.Equal(Word(culture, "Language.StaffPages"), await page.Locator("#language-staff-pages").InnerTextAsync());
    }

    [Fact]
    public async Task A_signed_in_resident_asks_to_join_and_gives_feedback_in_polish()
    {
        var id = await system.ListActivityAsync("Polish choir " + Guid.NewGuid().ToString("N")[..6], ["Polish"], []);
        var resident = await system.SignInAsync("resident@demo.example.org");
        await resident.GotoAsync($"/services/{id}");
        await resident.Locator("#language-switcher").GetByRole(AriaRole.Button, new() { Name = "Polski" }).ClickAsync();

        await resident.GetByRole(AriaRole.Link, new() { Name = Word("pl", "Listing.AskToJoin") }).ClickAsync();

        await AssertLanguageAsync(resident, PortalCultures.Find("pl")!);
        Assert.Equal(Word("pl", "SelfRefer.Title"), await resident.Locator("h1").InnerTextAsync());
        Assert.True(await resident.GetByLabel(Word("pl", "SelfRefer.Share")).IsVisibleAsync());
        await Accessibility.AssertAccessibleAsync(resident);

        await resident.GotoAsync($"/services/{id}/feedback");
        Assert.Equal(Word("pl", "Feedback.Heading"), await resident.Locator("h1").InnerTextAsync());
        await resident.GetByRole(AriaRole.Button, new() { Name = Word("pl", "Feedback.Send") }).ClickAsync();
        // The error summary's own words are Polish too (the message itself comes from the service, in English for now).
        Assert.Equal(Word("pl", "Messages.Problem"), await resident.Locator(".nhsuk-error-summary__title").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(resident);
        await Screenshots.SaveAsync(resident, "lang-pl-feedback");
    }

    [Fact]
    public async Task Arabic_lays_the_page_out_right_to_left_the_mirror_of_english()
    {
        var id = await system.ListActivityAsync("Mirror club " + Guid.NewGuid().ToString("N")[..6], ["Arabic"], ["parking"]);
        var english = await LayoutAsync(await system.NewPageAsync(1024, 768), id, null);
        var arabicPage = await system.NewPageAsync(1024, 768);
        await arabicPage.GotoAsync("/");
        await arabicPage.Locator("#language-switcher").GetByRole(AriaRole.Button, new() { Name = "العربية" }).ClickAsync();
        var arabic = await LayoutAsync(arabicPage, id, "lang-ar-rtl-search");

        // The logo starts the header on the left in English and on the right in Arabic; the account links end it.
        Assert.True(english.Logo.X < english.Account.X, "English: logo left of the account links");
        Assert.True(arabic.Logo.X > arabic.Account.X, "Arabic: logo right of the account links");
        // The switcher's first language (English) comes first: leftmost in English, rightmost in Arabic.
        Assert.True(english.FirstLanguage.X < english.LastLanguage.X);
        Assert.True(arabic.FirstLanguage.X > arabic.LastLanguage.X);
        // Search: the form's column is on the left in English and on the right in Arabic; the results beside it.
        Assert.True(english.SearchForm.X < english.Results.X);
        Assert.True(arabic.SearchForm.X > arabic.Results.X);
        // Listing: each fact's label before its value, so on the right in Arabic.
        Assert.True(english.FactKey.X < english.FactValue.X);
        Assert.True(arabic.FactKey.X > arabic.FactValue.X);
        // A checkbox box sits before its label: right of it in Arabic.
        Assert.True(english.CheckboxBox.X < english.CheckboxLabel.X);
        Assert.True(arabic.CheckboxBox.X > arabic.CheckboxLabel.X);
        // Mirrored, not just moved: the logo's distance from its edge is the same each way (to a few pixels).
        Assert.InRange(arabic.ViewportWidth - (arabic.Logo.X + arabic.Logo.Width) - english.Logo.X, -4, 4);
        await Screenshots.SaveAsync(arabicPage, "lang-ar-rtl-listing");
    }

    [Fact]
    public async Task The_browsers_language_is_honoured_until_the_person_picks_another_without_javascript()
    {
        var context = await system.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = system.BaseUrl, Locale = "pl-PL", JavaScriptEnabled = false,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await AssertLanguageAsync(page, PortalCultures.Find("pl")!);

        await page.Locator("#language-switcher").GetByRole(AriaRole.Button, new() { Name = "বাংলা" }).ClickAsync();

        await AssertLanguageAsync(page, PortalCultures.Find("bn")!);
        Assert.Equal(Word("bn", "Home.Title"), await page.Locator("h1").InnerTextAsync());
        // The choice is remembered over the browser's language.
        await page.GotoAsync("/search");
        await AssertLanguageAsync(page, PortalCultures.Find("bn")!);
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_practitioner_prints_a_leaflet_in_polish_from_the_print_bar_and_its_PDF_is_polish_too()
    {
        var name = "Printed in Polish " + Guid.NewGuid().ToString("N")[..6];
        var id = await system.ListActivityAsync(name, ["English", "Polish"], ["hearing-loop"]);
        var gp = await system.SignInAsync("gp@demo.example.org");
        await gp.GotoAsync($"/services/{id}/leaflet");
        Assert.Equal("en-GB", await gp.GetAttributeAsync("html", "lang"));

        await gp.Locator("#print-languages").GetByRole(AriaRole.Link, new() { Name = "Polski" }).ClickAsync();

        await AssertLanguageAsync(gp, PortalCultures.Find("pl")!);
        var sheet = await gp.Locator("main").InnerTextAsync();
        Assert.Contains("Co tydzień: wtorek, 10:00–12:00", sheet);
        Assert.Contains("Pętla indukcyjna", sheet);
        var download = await gp.RunAndWaitForDownloadAsync(() => gp.Locator("#download-pdf").ClickAsync());
        var text = PdfText.ExtractFlat(await File.ReadAllBytesAsync((await download.PathAsync())!));
        Assert.Contains("Kiedy", text);
        Assert.Contains("Co tydzień: wtorek, 10:00–12:00", text);
        // The practitioner's own pages stay in their language: ?culture= is for this sheet only.
        await gp.GotoAsync($"/services/{id}");
        Assert.Equal("en-GB", await gp.GetAttributeAsync("html", "lang"));

        // Arabic on paper is the print page (the browser joins and orders the letters); its PDF is English.
        await gp.GotoAsync($"/services/{id}/leaflet?culture=ar");
        await AssertLanguageAsync(gp, PortalCultures.Find("ar")!);
        Assert.Contains("أيام الثلاثاء", await gp.Locator("main").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(gp);
        await Screenshots.SaveAsync(gp, "lang-ar-print-leaflet");
        var arabicPdf = await gp.RunAndWaitForDownloadAsync(() => gp.Locator("#download-pdf").ClickAsync());
        Assert.Contains("Tuesdays, 10am to noon", PdfText.ExtractFlat(await File.ReadAllBytesAsync((await arabicPdf.PathAsync())!)));
    }

    private static ILocator Card(IPage page, string name) =>
        page.Locator(".nhsuk-card").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }) });

    private static async Task AssertLanguageAsync(IPage page, PortalLanguage language)
    {
        Assert.Equal(language.Lang, await page.GetAttributeAsync("html", "lang"));
        Assert.Equal(language.Dir, await page.GetAttributeAsync("html", "dir"));
    }

    private sealed record Layout(int ViewportWidth, LocatorBoundingBoxResult Logo, LocatorBoundingBoxResult Account, LocatorBoundingBoxResult FirstLanguage, LocatorBoundingBoxResult LastLanguage,
        LocatorBoundingBoxResult SearchForm, LocatorBoundingBoxResult Results, LocatorBoundingBoxResult FactKey, LocatorBoundingBoxResult FactValue, LocatorBoundingBoxResult CheckboxBox, LocatorBoundingBoxResult CheckboxLabel);

    private static async Task<Layout> LayoutAsync(IPage page, Guid id, string? screenshot)
    {
        await page.GotoAsync("/search?q=club&free=false&accessibility=parking");
        if (screenshot is not null) await Screenshots.SaveAsync(page, screenshot);
        var logo = await Box(page, ".nhsuk-header__service-logo");
        var account = await Box(page, ".nhsuk-header__account");
        var first = await Box(page, ".app-language-list li >> nth=0");
        var last = await Box(page, ".app-language-list li >> nth=-1");
        var form = await Box(page, ".nhsuk-grid-column-one-third");
        var results = await Box(page, ".nhsuk-grid-column-two-thirds");
        var checkbox = await Box(page, "#accessibility-parking");
        var checkboxLabel = await Box(page, "label[for=accessibility-parking]");
        await page.GotoAsync($"/services/{id}");
        var key = await Box(page, "#facts .nhsuk-summary-list__key >> nth=0");
        var value = await Box(page, "#facts .nhsuk-summary-list__value >> nth=0");
        return new Layout(page.ViewportSize!.Width, logo, account, first, last, form, results, key, value, checkbox, checkboxLabel);
    }

    private static async Task<LocatorBoundingBoxResult> Box(IPage page, string selector) =>
        await page.Locator(selector).BoundingBoxAsync() ?? throw new InvalidOperationException($"{selector} is not laid out");

    private static string Word(string culture, string key) =>
        global::Portal.PortalText.Resources.GetString(key, CultureInfo.GetCultureInfo(culture == PortalCultures.Default ? "" : culture))
        ?? throw new InvalidOperationException(key);

    // Letters only: the search reads digits and hyphens as separate words.
    private static string Unique() => "zq" + new string([.. Guid.NewGuid().ToString("N")[..8].Select(c => (char)('a' + c % 26))]);

    private static string Short(string culture) => culture == PortalCultures.Default ? "en" : culture;
}
