using Microsoft.Playwright;

namespace Portal.Tests.Journeys;

/// <summary>
/// Every page of every role renders, is accessible, and says plainly when a service cannot answer
/// (a page never shows a stack trace or an empty screen).
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PagesTests(PortalSystem system)
{
    [Fact]
    public async Task The_home_page_and_search_work_without_signing_in()
    {
        var page = await system.NewPageAsync();
        await page.GotoAsync("/");
        Assert.Equal("Find community activities near you", await page.Locator("h1").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(page);
        await Screenshots.SaveAsync(page, "home");

        await page.GetByLabel("What are you looking for?").FillAsync("walking");
        await page.GetByLabel("Postcode").FillAsync("PO6 2GB");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        Assert.Equal("/search", new Uri(page.Url).AbsolutePath);
        Assert.Contains("q=walking", page.Url);
        await AssertAnsweredAsync(page, ".nhsuk-card, .nhsuk-warning-callout, #results-heading");
        await Accessibility.AssertAccessibleAsync(page);
        await Screenshots.SaveAsync(page, "search-results");
    }

    [Fact]
    public async Task A_distance_keeps_to_places_nearby_and_offers_activities_online_or_by_phone()
    {
        var page = await system.NewPageAsync();
        await page.GotoAsync("/search?q=befriending&postcode=PO6+2GB&radiusKm=5");
        var local = await page.Locator(".nhsuk-card").AllInnerTextsAsync();
        Assert.NotEmpty(local);
        Assert.All(local, card => Assert.Contains("Distance", card));
        await Accessibility.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Show them as well" }).ClickAsync();
        Assert.Contains("includeRemote=true", page.Url);
        var all = await page.Locator(".nhsuk-card").AllInnerTextsAsync();
        Assert.Contains(all, card => !card.Contains("Distance"));
        Assert.Equal(0, await page.Locator("#remote-left-out").CountAsync());
        Assert.True(await page.GetByLabel("With a distance, include activities online or by phone").IsCheckedAsync());
    }

    [Fact]
    public async Task A_search_nothing_fits_says_nothing_for_it_and_offers_the_nearest_activities()
    {
        var page = await system.NewPageAsync();
        await page.GotoAsync("/search?q=sailing+club");

        Assert.Equal("Nothing for sailing", await page.Locator("#results-heading").InnerTextAsync());
        Assert.Equal(0, await page.Locator(".nhsuk-card").CountAsync());
        var alternatives = page.Locator("#alternatives a");
        Assert.InRange(await alternatives.CountAsync(), 1, 3);
        Assert.StartsWith("/services/", await alternatives.First.GetAttributeAsync("href"));
        await Accessibility.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task After_a_miss_anyone_can_tell_the_hub_once_and_is_thanked_without_searching_again()
    {
        var page = await system.NewPageAsync();
        await page.GotoAsync("/search?q=sailing+club");

        await page.GetByRole(AriaRole.Button, new() { Name = "Tell the hub's team you looked for sailing" }).ClickAsync();

        Assert.Contains("The hub's team has been told", await page.Locator("#told-hub").InnerTextAsync());
        Assert.Equal(0, await page.Locator("#tell-hub").CountAsync());
        Assert.DoesNotContain("Enter what you are looking for", await page.Locator("main").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to your search" }).ClickAsync();
        Assert.Equal("Nothing for sailing", await page.Locator("#results-heading").InnerTextAsync());
    }

    [Fact]
    public async Task A_report_to_the_hub_that_cannot_be_sent_says_so_in_the_pages_words_with_the_way_back()
    {
        var page = await system.NewPageAsync();
        await page.GotoAsync("/search?q=sailing+club");
        // A tampered or stale form: the id is not a search the directory logged.
        await page.Locator("#tell-hub input[name=searchId]").EvaluateAsync("input => input.value = 'not-a-guid'");

        await page.GetByRole(AriaRole.Button, new() { Name = "Tell the hub's team you looked for sailing" }).ClickAsync();

        var main = await page.Locator("main").InnerTextAsync();
        Assert.Contains("We could not find that search to report", main);
        Assert.DoesNotContain("00000000", main);
        Assert.DoesNotContain("Enter what you are looking for", main);
        Assert.Equal(0, await page.Locator("#told-hub").CountAsync());
        await page.Locator("#back-to-search").ClickAsync();
        Assert.Equal("Nothing for sailing", await page.Locator("#results-heading").InnerTextAsync());
    }

    [Theory]
    [InlineData("/search?q=yoga&postcode=&radiusKm=5", "Enter a postcode to search within 5 km, or choose any distance", "postcode")]
    [InlineData("/search?q=yoga&postcode=ZZ99+9ZZ", "We could not find the postcode ZZ99 9ZZ. Check it, or search without it", "postcode")]
    [InlineData("/search?q=yoga&postcode=&radiusKm=5&culture=pl", "Wpisz kod pocztowy, aby szukać w promieniu 5 km, albo wybierz dowolną odległość", "postcode")]
    public async Task What_the_search_form_got_wrong_is_said_in_the_pages_words_beside_the_field(string address, string message, string field)
    {
        var page = await system.NewPageAsync();
        await page.GotoAsync(address);

        var summary = page.Locator(".nhsuk-error-summary");
        Assert.Contains(message, await summary.InnerTextAsync());
        Assert.DoesNotContain("gazetteer", await summary.InnerTextAsync());
        Assert.DoesNotContain("radiusKm", await summary.InnerTextAsync());
        Assert.Equal($"#{field}", await summary.Locator("a").First.GetAttributeAsync("href"));
    }

    [Fact]
    public async Task A_search_only_its_filters_empty_says_so_and_lists_what_the_words_find_without_them()
    {
        var page = await system.NewPageAsync();
        await page.GotoAsync("/search?q=yoga+in+the+evening");

        Assert.Equal("Nothing for yoga with these filters", await page.Locator("#results-heading").InnerTextAsync());
        Assert.Equal("Some activities match yoga, but none with these filters.", await page.Locator("#nothing-for").InnerTextAsync());
        Assert.Equal("Without the filters", await page.Locator("#alternatives-heading").InnerTextAsync());
        Assert.Contains("Chair yoga", await page.Locator("#alternatives").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Without_the_filters_a_radius_still_holds_and_the_page_says_so()
    {
        var page = await system.NewPageAsync();
        await page.GotoAsync("/search?q=yoga+in+the+evening&postcode=PO6+2GB&radiusKm=10");

        Assert.Equal("Some activities match yoga, but none with these filters.", await page.Locator("#nothing-for").InnerTextAsync());
        Assert.Equal("Without the other filters, still within 10 km", await page.Locator("#alternatives-heading").InnerTextAsync());
        Assert.Contains("Chair yoga", await page.Locator("#alternatives").InnerTextAsync());
    }

    [Fact]
    public async Task Search_says_what_it_understood_and_each_can_be_undone()
    {
        var page = await system.NewPageAsync();
        await page.GotoAsync("/search?q=free+coffee+on+Wednesdays+near+Cosham");

        Assert.Contains("Understood: Free, on Wednesdays, near Cosham", await page.Locator("#understood").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Undo “on Wednesdays” (search the words as typed)" }).ClickAsync();
        Assert.Contains("asTyped=day", page.Url);
        var understood = await page.Locator("#understood").InnerTextAsync();
        Assert.Contains("Understood: Free, near Cosham", understood);
        Assert.DoesNotContain("Wednesdays", understood);
    }

    [Fact]
    public async Task What_search_understood_is_said_in_the_readers_language()
    {
        var page = await system.NewPageAsync();
        await page.GotoAsync("/search?q=free+coffee+on+Wednesdays+in+the+evening+near+Cosham&culture=pl");

        var understood = await page.Locator("#understood").InnerTextAsync();
        Assert.Contains("Zrozumieliśmy: Bezpłatne, dni: środa, po 17:00, w pobliżu: Cosham", understood);
        Assert.DoesNotContain("Wednesdays", understood);
        Assert.DoesNotContain("evening", understood);
        Assert.Equal("polski", await page.Locator("#language option[value=Polish]").TextContentAsync());
    }

    [Fact]
    public async Task Search_is_usable_on_a_phone()
    {
        var page = await system.NewPageAsync(375, 812);
        await page.GotoAsync("/search?q=coffee");
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the page scrolls sideways on a 375px screen");
        await Accessibility.AssertAccessibleAsync(page);
        await Screenshots.SaveAsync(page, "search-mobile");
    }

    [Theory]
    [InlineData("gp@demo.example.org", "/shortlist", "My shortlist")]
    [InlineData("gp@demo.example.org", "/inbox", "Notifications")]
    [InlineData("provider@demo.example.org", "/provider/listings", "My listings")]
    [InlineData("curator@demo.example.org", "/curator/crisis", "Crisis mode")]
    [InlineData("curator@demo.example.org", "/curator/taxonomy", "Taxonomy")]
    [InlineData("curator@demo.example.org", "/curator/imports", "Imported feeds")]
    [InlineData("curator@demo.example.org", "/curator/vocabulary", "Search vocabulary")]
    [InlineData("curator@demo.example.org", "/curator/analytics", "Analytics")]
    [InlineData("admin@demo.example.org", "/admin/organisations", "Organisations")]
    public async Task Each_role_page_renders_accessibly(string email, string path, string heading)
    {
        var page = await system.SignInAsync(email);
        var response = await page.GotoAsync(path);

        Assert.Equal(200, response!.Status);
        Assert.Equal(heading, await page.Locator("h1").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(page);
        await Screenshots.SaveAsync(page, path.Trim('/').Replace('/', '-'));
    }

    [Fact]
    public async Task A_listing_that_does_not_exist_is_the_page_not_found_page_with_a_404()
    {
        var page = await system.NewPageAsync();
        var response = await page.GotoAsync($"/services/{Guid.NewGuid()}");
        Assert.Equal(404, response!.Status);
        Assert.Equal("Page not found", await page.Locator("h1").InnerTextAsync());
        Assert.DoesNotContain("Exception", await page.ContentAsync());
        await Accessibility.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task An_unknown_address_shows_the_page_not_found_page()
    {
        var page = await system.NewPageAsync();
        var response = await page.GotoAsync("/no-such-page");
        Assert.Equal(404, response!.Status);
        Assert.Equal("Page not found", await page.Locator("h1").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_referral_to_an_activity_the_directory_does_not_know_is_not_found()
    {
        var page = await system.SignInAsync("linkworker@demo.example.org");
        var response = await page.GotoAsync($"/referrals/new/{Guid.NewGuid()}");
        Assert.Equal(404, response!.Status);
        Assert.Equal("Page not found", await page.Locator("h1").InnerTextAsync());
    }

    [Fact]
    public async Task A_referral_needs_the_persons_details_then_their_consent()
    {
        var page = await system.SignInAsync("linkworker@demo.example.org");
        await page.GotoAsync("/search?q=home+visits&postcode=PO6+2GB");
        await page.GetByRole(AriaRole.Link, new() { Name = "Good Neighbours home visits" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Refer someone to this activity" }).ClickAsync();
        Assert.Equal("Who are you referring?", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("Good Neighbours home visits", await page.Locator(".nhsuk-caption-l").InnerTextAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to consent" }).ClickAsync();
        var summary = await page.Locator(".nhsuk-error-summary").InnerTextAsync();
        Assert.Contains("Enter their first name", summary);
        Assert.Contains("Enter their date of birth", summary);
        await Accessibility.AssertAccessibleAsync(page);
        await Screenshots.SaveAsync(page, "refer-errors");

        await page.GetByLabel("First name").FillAsync("Ada");
        await page.GetByLabel("Last name").FillAsync("Lovelace");
        await page.GetByLabel("Day").FillAsync("10");
        await page.GetByLabel("Month").FillAsync("12");
        await page.GetByLabel("Year").FillAsync("1950");
        await page.GetByLabel("Phone number").FillAsync("07700 900123");
        await page.GetByLabel("What would they like help with?").FillAsync("Lonely since her husband died; likes crafts.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to consent" }).ClickAsync();
        Assert.Equal("Record consent", await page.Locator("h1").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(page);
        await Screenshots.SaveAsync(page, "refer-consent");

        // Without consent to share with the group nothing is sent.
        await page.GetByRole(AriaRole.Button, new() { Name = "Send referral" }).ClickAsync();
        Assert.Contains("Select who gave consent", await page.Locator(".nhsuk-error-summary").InnerTextAsync());
        Assert.Equal("Record consent", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("Ada", await page.Locator("input[name='Person.GivenName']").InputValueAsync());
    }

    private static async Task AssertAnsweredAsync(IPage page, string selector) =>
        Assert.True(await page.Locator(selector).CountAsync() > 0, $"{page.Url} shows neither results nor an explanation");
}
