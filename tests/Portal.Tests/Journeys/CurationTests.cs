using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BuildingBlocks.Auth;
using Microsoft.Playwright;
using Portal.Identity;

namespace Portal.Tests.Journeys;

/// <summary>
/// Curators keep the directory right from the portal: a term merged in the taxonomy manager re-indexes its listings
/// (a search by the merged term's words finds them), and resident feedback a curator publishes appears on the listing,
/// with the one public reply of the listing's organisation under it.
/// Each test makes its own terms, listings and feedback.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class CurationTests(PortalSystem system)
{
    private static readonly Guid DemoProviderOrganisation = OrganisationIds.FromSlug(DemoUsers.ProviderOrganisationSlug);

    [Fact]
    public async Task A_term_merged_in_the_taxonomy_manager_moves_its_listings_and_a_search_by_its_words_finds_them()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var merged = $"qigong{suffix}";
        using var http = Curator();
        var taxonomy = (await http.GetFromJsonAsync<JsonElement>("/api/directory/taxonomy"))[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/directory/taxonomy/terms",
            new { taxonomyId = taxonomy, code = merged, name = $"Qigong{suffix}" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/directory/taxonomy/terms",
            new { taxonomyId = taxonomy, code = $"gentle-exercise-{suffix}", name = $"Gentle exercise {suffix}" })).StatusCode);
        var name = $"Morning movement {suffix}";
        var listed = await http.PostAsJsonAsync("/api/directory/services",
            new { organisationId = DemoProviderOrganisation, name, description = "Slow flowing movement in the park.", taxonomyTerms = new[] { merged } });
        Assert.Equal(HttpStatusCode.Created, listed.StatusCode);

        var curator = await system.SignInAsync("curator@demo.example.org");
        await curator.GotoAsync("/curator/taxonomy");
        Assert.Equal("1", (await curator.Locator($"#term-{merged} td").Nth(2).InnerTextAsync()).Trim());
        await Accessibility.AssertAccessibleAsync(curator);
        await curator.GetByLabel("Term to merge").SelectOptionAsync(merged);
        await curator.GetByLabel("Merge into").SelectOptionAsync($"gentle-exercise-{suffix}");
        await curator.GetByRole(AriaRole.Button, new() { Name = "Merge terms" }).ClickAsync();

        await curator.Locator(".nhsuk-notification-banner").ShowsAsync($"Merged into Gentle exercise {suffix}; 1 listings re-indexed");
        Assert.Contains($"Merged into gentle-exercise-{suffix}", await curator.Locator($"#term-{merged}").InnerTextAsync());
        Assert.Equal("1", (await curator.Locator($"#term-gentle-exercise-{suffix} td").Nth(2).InnerTextAsync()).Trim());
        await Accessibility.AssertAccessibleAsync(curator);
        await Screenshots.SaveAsync(curator, "curation-taxonomy");

        var resident = await system.NewPageAsync();
        await Eventually.ReloadUntilAsync(resident, $"/search?q=qigong{suffix}",
            async () => await resident.GetByRole(AriaRole.Link, new() { Name = name }).CountAsync() == 1, "the listing found by the merged term's word");
        var id = (await http.GetFromJsonAsync<JsonElement>($"/api/directory/search?q=qigong{suffix}")).GetProperty("items")[0].GetProperty("id").GetGuid();
        var categories = (await http.GetFromJsonAsync<JsonElement>($"/api/directory/services/{id}")).GetProperty("taxonomy")
            .EnumerateArray().Select(t => t.GetProperty("code").GetString());
        Assert.Equal([$"gentle-exercise-{suffix}"], categories);
    }

    [Fact]
    public async Task A_huge_activity_name_posted_with_a_publish_is_shortened_in_the_message_not_a_broken_response()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var serviceId = await system.ListServiceForAsync(DemoProviderOrganisation, $"Chair yoga {suffix}", "Yoga from a chair.");
        var comment = $"Gentle and friendly ({suffix}).";
        using var anonymous = new HttpClient { BaseAddress = new Uri(system.ApiUrl) };
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await anonymous.PostAsJsonAsync($"/api/feedback/activities/{serviceId}/feedback", new { rating = 4, comment })).StatusCode != HttpStatusCode.Accepted)
        {
            Assert.True(waited.Elapsed < Eventually.Patience, "Feedback never heard of the new listing");
            await Task.Delay(250);
        }

        var curator = await system.SignInAsync("curator@demo.example.org");
        await curator.GotoAsync("/curator/feedback");
        var card = curator.Locator(".nhsuk-card", new() { HasText = comment });
        // The form's hidden field names the activity for the message; a hostile client can post anything in it.
        await card.Locator("input[name=activity]").First.EvaluateAsync("field => field.value = 'y'.repeat(100000)");
        await card.GetByRole(AriaRole.Button, new() { Name = $"Publish feedback on Chair yoga {suffix}" }).ClickAsync();

        var message = await curator.Locator(".nhsuk-notification-banner__heading").InnerTextAsync();
        Assert.StartsWith("Published on yyyy", message);
        Assert.InRange(message.Length, 100, 500);
        Assert.Equal(0, await curator.Locator(".nhsuk-card", new() { HasText = comment }).CountAsync());
    }

    [Fact]
    public async Task Resident_feedback_a_curator_publishes_appears_on_the_listing_with_its_count_and_the_organisations_one_reply_under_it()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var name = $"Seated tai chi {suffix}";
        var serviceId = await system.ListServiceForAsync(DemoProviderOrganisation, name, "Tai chi from a chair.");
        var comment = $"Lovely people and the teacher is patient ({suffix}).";
        using var anonymous = new HttpClient { BaseAddress = new Uri(system.ApiUrl) };
        // Feedback hears of the new listing over the bus; feedback on it is taken once it has.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((await anonymous.PostAsJsonAsync($"/api/feedback/activities/{serviceId}/feedback", new { rating = 5, comment })).StatusCode != HttpStatusCode.Accepted)
        {
            Assert.True(waited.Elapsed < Eventually.Patience, "Feedback never heard of the new listing");
            await Task.Delay(250);
        }
        var resident = await system.NewPageAsync();
        await resident.GotoAsync($"/services/{serviceId}");
        Assert.Equal(0, await resident.Locator("#feedback").CountAsync());

        var curator = await system.SignInAsync("curator@demo.example.org");
        await curator.GotoAsync("/curator/feedback");
        var card = curator.Locator(".nhsuk-card", new() { HasText = comment });
        await Accessibility.AssertAccessibleAsync(curator);
        await Screenshots.SaveAsync(curator, "curation-feedback");
        await card.GetByRole(AriaRole.Button, new() { Name = $"Publish feedback on {name}" }).ClickAsync();
        await curator.Locator(".nhsuk-notification-banner").ShowsAsync($"Published on {name}");
        Assert.Equal(0, await curator.Locator(".nhsuk-card", new() { HasText = comment }).CountAsync());

        await resident.GotoAsync($"/services/{serviceId}");
        Assert.Contains("What people said (1)", await resident.Locator("#feedback-heading").InnerTextAsync());
        Assert.Contains(comment, await resident.Locator("#feedback").InnerTextAsync());
        Assert.Contains("average 5.0 out of 5", await resident.Locator("#feedback-summary").InnerTextAsync());

        // The listing's organisation replies once, publicly; the reply is shown under the feedback on the listing.
        var provider = await system.SignInAsync("provider@demo.example.org", javaScript: false);
        await provider.GotoAsync($"/provider/listings/{serviceId}");
        await provider.GetByRole(AriaRole.Link, new() { Name = "Feedback from residents, and your replies" }).ClickAsync();
        var item = provider.Locator("li.nhsuk-card", new() { HasText = comment });
        await item.GetByRole(AriaRole.Button, new() { Name = "Publish reply" }).ClickAsync();
        Assert.Contains("Enter your reply", await provider.Locator(".nhsuk-error-summary").InnerTextAsync());
        var reply = $"Thank you! Come early for the chairs by the window ({suffix}).";
        item = provider.Locator("li.nhsuk-card", new() { HasText = comment });
        await item.GetByLabel("Your public reply").FillAsync(reply);
        await item.GetByRole(AriaRole.Button, new() { Name = "Publish reply" }).ClickAsync();
        await provider.Locator(".nhsuk-notification-banner").ShowsAsync("Your reply is published");
        item = provider.Locator("li.nhsuk-card", new() { HasText = comment });
        Assert.Contains(reply, await item.InnerTextAsync());
        Assert.Equal(0, await item.GetByRole(AriaRole.Button, new() { Name = "Publish reply" }).CountAsync());
        await Accessibility.AssertAccessibleAsync(provider);
        await Screenshots.SaveAsync(provider, "curation-feedback-reply");

        await resident.GotoAsync($"/services/{serviceId}");
        var shown = await resident.Locator("#feedback").InnerTextAsync();
        Assert.Contains("Reply from ", shown);
        Assert.Contains(reply, shown);
        await Accessibility.AssertAccessibleAsync(resident);
        await Screenshots.SaveAsync(resident, "curation-feedback-listing");

        // Both decisions are in the listing's feedback history, with who.
        using var http = Curator();
        var history = (await http.GetFromJsonAsync<JsonElement>($"/api/feedback/activities/{serviceId}/history")).EnumerateArray()
            .Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["replied", "published"], history);
    }

    private HttpClient Curator()
    {
        var http = new HttpClient { BaseAddress = new Uri(system.ApiUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", system.TokenFor(Roles.Curator));
        return http;
    }
}
