using System.Net.Http.Headers;
using System.Text.Json;
using System.Net.Http.Json;
using BuildingBlocks.Auth;
using Microsoft.Playwright;
using Portal.Identity;

namespace Portal.Tests.Journeys;

/// <summary>
/// A provider edits their listing through the portal: contact details go live at once, material changes wait for a
/// curator, a stale form is refused, and the curator approves or sends back the change on the moderation page.
/// Each test lists its own activity for the demo provider's organisation.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ListingEditTests(PortalSystem system)
{
    private static readonly Guid DemoProviderOrganisation = OrganisationIds.FromSlug("org-paulsgrove-good-neighbours");

    [Fact]
    public async Task A_description_change_waits_for_a_curator_who_amends_it_and_it_goes_live_as_amended()
    {
        var name = "Knit and natter " + Guid.NewGuid().ToString("N")[..6];
        var serviceId = await system.ListServiceForAsync(DemoProviderOrganisation, name, "Knitting in the library.");

        // Without JavaScript: the edit and the moderation decision are plain form posts.
        var provider = await system.SignInAsync("provider@demo.example.org", javaScript: false);
        await provider.GotoAsync($"/provider/listings/{serviceId}");
        await provider.GetByLabel("Description", new() { Exact = true }).FillAsync("Knitting and a chat in Paulsgrove library, wool provided.");
        await provider.GetByLabel("Contact email").FillAsync("knit@goodneighbours.example.org");
        await provider.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();
        var banner = await provider.Locator(".nhsuk-notification-banner").InnerTextAsync();
        Assert.Contains("description are waiting for a curator's approval", banner);
        // Read back: the email is live, the description is not (yet).
        Assert.Equal("knit@goodneighbours.example.org", await provider.GetByLabel("Contact email").InputValueAsync());
        Assert.Equal("Knitting in the library.", await provider.GetByLabel("Description", new() { Exact = true }).InputValueAsync());
        await Accessibility.AssertAccessibleAsync(provider);
        await Screenshots.SaveAsync(provider, "provider-listing-edit-pending");

        var curator = await system.SignInAsync("curator@demo.example.org", javaScript: false);
        await curator.GotoAsync("/curator/moderation");
        var card = curator.Locator("li.nhsuk-card", new() { HasText = name });
        Assert.Contains("Knitting and a chat in Paulsgrove library", await card.InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(curator);
        await Screenshots.SaveAsync(curator, "curator-moderation");
        // The curator corrects the proposal before approving it: the form starts as the listing would be once approved,
        // and what the Directory refuses is shown beside its field, the change still waiting.
        await card.GetByRole(AriaRole.Button, new() { Name = "Edit before approving" }).ClickAsync();
        Assert.Equal("Knitting and a chat in Paulsgrove library, wool provided.", await curator.GetByLabel("Description").InputValueAsync());
        Assert.Equal("knit@goodneighbours.example.org", await curator.GetByLabel("Contact email").InputValueAsync());
        await curator.GetByLabel("Description").FillAsync("Knitting and a chat in Paulsgrove library. Wool and needles provided.");
        await curator.GetByLabel("Website").FillAsync("not a website");
        await curator.GetByRole(AriaRole.Button, new() { Name = "Approve with these changes" }).ClickAsync();
        Assert.Contains("must be an http(s) URL", await curator.Locator("#url-error").InnerTextAsync());
        Assert.Contains("must be an http(s) URL", await curator.Locator(".nhsuk-error-summary").InnerTextAsync());
        Assert.Equal("Knitting and a chat in Paulsgrove library. Wool and needles provided.", await curator.GetByLabel("Description").InputValueAsync());
        await Accessibility.AssertAccessibleAsync(curator);
        await Screenshots.SaveAsync(curator, "curation-amend");
        await curator.GetByLabel("Website").FillAsync("");
        await curator.GetByRole(AriaRole.Button, new() { Name = "Approve with these changes" }).ClickAsync();
        Assert.Contains($"Approved with your changes: {name} is live", await curator.Locator(".nhsuk-notification-banner").InnerTextAsync());
        Assert.Equal(0, await curator.Locator("li.nhsuk-card", new() { HasText = name }).CountAsync());

        var resident = await system.NewPageAsync();
        await resident.GotoAsync($"/services/{serviceId}");
        Assert.Contains("Knitting and a chat in Paulsgrove library. Wool and needles provided.", await resident.Locator("main").InnerTextAsync());
        using var http = new HttpClient { BaseAddress = new Uri(system.ApiUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", system.TokenFor(Roles.Curator));
        var history = await http.GetFromJsonAsync<JsonElement>($"/api/directory/services/{serviceId}/history");
        Assert.Contains("amended by the curator", history.GetProperty("versions")[0].GetProperty("summary").GetString());
    }

    [Fact]
    public async Task A_curator_sends_a_change_back_with_a_reason_and_the_listing_stays_as_it_was()
    {
        var name = "Walk and talk " + Guid.NewGuid().ToString("N")[..6];
        var serviceId = await system.ListServiceForAsync(DemoProviderOrganisation, name, "A gentle walk round the park.");

        var provider = await system.SignInAsync("provider@demo.example.org");
        await provider.GotoAsync($"/provider/listings/{serviceId}");
        await provider.GetByLabel("Name", new() { Exact = true }).FillAsync(name + " and cake");
        await provider.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();
        Assert.Contains("name are waiting for a curator's approval", await provider.Locator(".nhsuk-notification-banner").InnerTextAsync());

        var curator = await system.SignInAsync("curator@demo.example.org");
        await curator.GotoAsync("/curator/moderation");
        var card = curator.Locator("li.nhsuk-card", new() { HasText = name });
        await card.GetByRole(AriaRole.Button, new() { Name = "Send back" }).ClickAsync();
        Assert.Contains("Enter why the change is being sent back", await curator.Locator(".nhsuk-error-summary").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(curator);

        card = curator.Locator("li.nhsuk-card", new() { HasText = name });
        await card.GetByLabel("Reason for sending back").FillAsync("Cake is not on offer every week: please say when.");
        await card.GetByRole(AriaRole.Button, new() { Name = "Send back" }).ClickAsync();
        Assert.Contains($"Sent back: {name}", await curator.Locator(".nhsuk-notification-banner").InnerTextAsync());
        Assert.Equal(0, await curator.Locator("li.nhsuk-card", new() { HasText = name }).CountAsync());

        await provider.GotoAsync($"/services/{serviceId}");
        Assert.Equal(name, await provider.Locator("h1").InnerTextAsync());
    }

    [Fact]
    public async Task A_provider_adds_and_describes_another_phone_number_which_is_live_at_once_on_the_listing_page()
    {
        var name = "Chair yoga " + Guid.NewGuid().ToString("N")[..6];
        var serviceId = await system.ListServiceForAsync(DemoProviderOrganisation, name, "Gentle yoga sitting down.");

        var provider = await system.SignInAsync("provider@demo.example.org", javaScript: false);
        await provider.GotoAsync($"/provider/listings/{serviceId}");
        await provider.GetByLabel("Contact phone").FillAsync("023 9200 1234");
        await provider.GetByLabel("Other phone 1", new() { Exact = true }).FillAsync("07700 900123");
        await provider.GetByLabel("What other phone 1 is for").FillAsync("Text only");
        await provider.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();
        Assert.Contains("The changes are live", await provider.Locator(".nhsuk-notification-banner").InnerTextAsync());
        // Read back: the number is kept and a blank row is offered for one more.
        Assert.Equal("07700 900123", await provider.GetByLabel("Other phone 1", new() { Exact = true }).InputValueAsync());
        Assert.Equal("", await provider.GetByLabel("Other phone 2", new() { Exact = true }).InputValueAsync());
        await Accessibility.AssertAccessibleAsync(provider);

        var resident = await system.NewPageAsync();
        await resident.GotoAsync($"/services/{serviceId}");
        Assert.Equal(["023 9200 1234", "07700 900123 (Text only)"], await resident.Locator("#phone li").AllInnerTextsAsync());
    }

    [Fact]
    public async Task A_provider_says_how_to_get_there_and_who_welcomes_newcomers_live_at_once_on_the_listing_and_its_leaflet()
    {
        var name = "Coffee morning " + Guid.NewGuid().ToString("N")[..6];
        var serviceId = await system.ListServiceForAsync(DemoProviderOrganisation, name, "Coffee, cake and a chat.");

        var provider = await system.SignInAsync("provider@demo.example.org", javaScript: false);
        await provider.GotoAsync($"/provider/listings/{serviceId}");
        await provider.GetByLabel("How to get there", new() { Exact = true }).FillAsync("Buses 2 and 3 stop outside.\nFree parking behind the hall.");
        await provider.GetByLabel("What to expect at the first visit", new() { Exact = true }).FillAsync("Someone meets you at the door and finds you a seat.");
        await provider.GetByLabel("Who will welcome them").FillAsync("Maureen, our volunteer");
        await provider.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();
        Assert.Contains("The changes are live", await provider.Locator(".nhsuk-notification-banner").InnerTextAsync());
        Assert.Equal("Maureen, our volunteer", await provider.GetByLabel("Who will welcome them").InputValueAsync());
        await Accessibility.AssertAccessibleAsync(provider);
        await Screenshots.SaveAsync(provider, "provider-edit-getting-there");

        var resident = await system.NewPageAsync();
        await resident.GotoAsync($"/services/{serviceId}");
        Assert.Equal("Buses 2 and 3 stop outside.\nFree parking behind the hall.", await resident.Locator("#getting-there").InnerTextAsync());
        Assert.Equal("Someone meets you at the door and finds you a seat.", await resident.Locator("#first-visit").InnerTextAsync());
        Assert.Equal("Maureen, our volunteer", await resident.Locator("#welcomed-by").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(resident);
        await Screenshots.SaveAsync(resident, "listing-getting-there");

        var download = await resident.RunAndWaitForDownloadAsync(() =>
            resident.GetByRole(AriaRole.Link, new() { Name = $"Download PDF leaflet for {name}" }).ClickAsync());
        var text = PdfText.ExtractFlat(await File.ReadAllBytesAsync((await download.PathAsync())!));
        foreach (var expected in new[] { "Getting there", "Buses 2 and 3 stop outside.", "Free parking behind the hall.", "First visit",
                     "Someone meets you at the door and finds you a seat.", "Welcomed by", "Maureen, our volunteer" })
            Assert.Contains(expected, text);
    }

    [Fact]
    public async Task A_provider_adds_a_polish_translation_whose_directions_are_live_at_once_and_title_once_approved_and_polish_readers_get_it_marked()
    {
        var name = "Tea dance " + Guid.NewGuid().ToString("N")[..6];
        var serviceId = await system.ListServiceForAsync(DemoProviderOrganisation, name, "Ballroom and tea in the church hall.");
        const string Directions = "Autobus 21 zatrzymuje się przed kościołem.";

        var provider = await system.SignInAsync("provider@demo.example.org", javaScript: false);
        await provider.GotoAsync($"/provider/listings/{serviceId}");
        var adding = provider.Locator("#add-translation");
        await adding.GetByLabel("Language", new() { Exact = true }).SelectOptionAsync("pl");
        await adding.GetByLabel("Name in that language").FillAsync("Potańcówka przy herbacie");
        await adding.GetByLabel("Description in that language").FillAsync("Taniec towarzyski i herbata w sali parafialnej.");
        await adding.GetByLabel("How to get there, in that language").FillAsync(Directions);
        await provider.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();
        var banner = await provider.Locator(".nhsuk-notification-banner").InnerTextAsync();
        Assert.Contains("translated name, summary or description are waiting for a curator's approval", banner);
        Assert.Contains("translated directions or first visit", banner);
        // Read back: the Polish directions are kept, the Polish name waits; Polish is no longer offered to add.
        var polish = provider.Locator("#translation-pl");
        Assert.Equal(Directions, await polish.GetByLabel("How to get there (Polski)").InputValueAsync());
        Assert.Equal("pl", await polish.GetByLabel("How to get there (Polski)").GetAttributeAsync("lang"));
        Assert.Equal("", await polish.GetByLabel("Name (Polski)").InputValueAsync());
        Assert.Equal(0, await provider.Locator("#translation-language option[value=pl]").CountAsync());
        await Accessibility.AssertAccessibleAsync(provider);
        await Screenshots.SaveAsync(provider, "provider-listing-translation");

        var curator = await system.SignInAsync("curator@demo.example.org", javaScript: false);
        await curator.GotoAsync("/curator/moderation");
        var card = curator.Locator("li.nhsuk-card", new() { HasText = name });
        Assert.Contains("Potańcówka przy herbacie", await card.InnerTextAsync());
        await card.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        Assert.Contains($"Approved: {name} is live", await curator.Locator(".nhsuk-notification-banner").InnerTextAsync());

        // A reader of Polish: the translated fields carry lang="pl", the English left untranslated lang="en".
        var reader = await system.NewPageAsync(javaScript: false);
        await reader.GotoAsync($"/services/{serviceId}?culture=pl");
        Assert.Equal("Potańcówka przy herbacie", await reader.Locator("h1").InnerTextAsync());
        Assert.Equal("pl", await reader.Locator("h1").GetAttributeAsync("lang"));
        Assert.Equal("pl", await reader.Locator("#description").GetAttributeAsync("lang"));
        Assert.Equal(Directions, await reader.Locator("#getting-there").InnerTextAsync());
        Assert.Equal("pl", await reader.Locator("#getting-there").GetAttributeAsync("lang"));
        await Accessibility.AssertAccessibleAsync(reader);
        await Screenshots.SaveAsync(reader, "lang-pl-listing-translated");
        // Search finds it by a word of its Polish description, and shows it by its Polish name.
        var result = reader.Locator("h3", new() { HasText = "Potańcówka przy herbacie" });
        await Eventually.ReloadUntilAsync(reader, "/search?q=parafialnej&culture=pl", async () => await result.CountAsync() == 1,
            "the listing found by a word of its Polish description");
        Assert.Equal("pl", await result.GetAttributeAsync("lang"));
        // In English the page is the group's own English, marked as such.
        var english = await system.NewPageAsync();
        await english.GotoAsync($"/services/{serviceId}");
        Assert.Equal(name, await english.Locator("h1").InnerTextAsync());
        Assert.Equal("en", await english.Locator("h1").GetAttributeAsync("lang"));
    }

    [Fact]
    public async Task A_form_opened_before_someone_else_saved_is_refused_with_a_clear_message()
    {
        var name = "Men's breakfast " + Guid.NewGuid().ToString("N")[..6];
        var serviceId = await system.ListServiceForAsync(DemoProviderOrganisation, name, "Breakfast and a chat.");

        var first = await system.SignInAsync("provider@demo.example.org");
        var second = await system.SignInAsync("provider@demo.example.org");
        await first.GotoAsync($"/provider/listings/{serviceId}");
        await second.GotoAsync($"/provider/listings/{serviceId}");

        await first.GetByLabel("Contact phone").FillAsync("023 9200 1234");
        await first.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();
        Assert.Contains("The changes are live", await first.Locator(".nhsuk-notification-banner").InnerTextAsync());

        await second.GetByLabel("Contact phone").FillAsync("023 9200 9999");
        await second.GetByRole(AriaRole.Button, new() { Name = "Save details" }).ClickAsync();
        Assert.Contains("Someone else changed this listing after you opened it",
            await second.Locator(".nhsuk-error-summary").InnerTextAsync());
        // The form now shows what is saved, so the provider sees the other change before saving again.
        Assert.Equal("023 9200 1234", await second.GetByLabel("Contact phone").InputValueAsync());
        await Accessibility.AssertAccessibleAsync(second);
        await Screenshots.SaveAsync(second, "provider-listing-edit-conflict");
    }
}

public static class ProviderArrange
{
    /// <summary>Lists an activity for an existing organisation through the Directory API, as a curator (live at once).</summary>
    public static async Task<Guid> ListServiceForAsync(this PortalSystem system, Guid organisationId, string name, string description)
    {
        using var http = new HttpClient { BaseAddress = new Uri(system.ApiUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", system.TokenFor(Roles.Curator));
        var service = await http.PostAsJsonAsync("/api/directory/services",
            new { organisationId, name, description, acceptingReferrals = "yes" });
        if (!service.IsSuccessStatusCode)
            Assert.Fail($"listing the service failed: {(int)service.StatusCode} {await service.Content.ReadAsStringAsync()}");
        return (await service.Content.ReadFromJsonAsync<IdOnly>())!.Id;
    }

    private sealed record IdOnly(Guid Id);
}
