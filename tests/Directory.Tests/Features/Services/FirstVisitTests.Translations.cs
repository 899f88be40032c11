using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Directory.Tests.Support;
using Microsoft.EntityFrameworkCore;
using TestSupport;

namespace Directory.Tests.Features.Services;

/// <summary>
/// Translated titles and descriptions (issue #19, docs/LANGUAGES.md): a provider adds a translation; its directions
/// and first visit go live at once and its name, summary and description after a curator's approval, as the English
/// ones do; readers whose Accept-Language asks for it get it, marked with its language; search finds a listing by a
/// word of its translation; the ORUK feed carries none of it.
/// </summary>
public abstract partial class FirstVisitTests<TApi>
{
    private static readonly JsonObject Polish = new()
    {
        ["language"] = "pl", ["name"] = "Klub obiadowy we wtorki", ["summary"] = "Ciepły obiad i dobre towarzystwo.",
        ["description"] = "Przyjdź na obiad, herbatę i rozmowę przy wspólnym stole. Podajemy pierogi.",
        ["gettingThere"] = "Autobusy 2 i 3 zatrzymują się przy Southampton Road.", ["firstVisit"] = "Wolontariusz przywita cię w drzwiach.",
    };

    [Fact]
    public async Task A_translation_is_moderated_like_its_English_fields_read_in_the_readers_language_found_by_its_words_and_left_out_of_ORUK()
    {
        var org = await api.NewOrganisation("Cosham Polish Club");
        var (id, body) = await api.LiveListing(org, "Tuesday lunch club " + Guid.NewGuid().ToString("N")[..6]);
        using var provider = api.ProviderOf(org);

        var edit = await provider.PutAsJsonAsync($"/api/directory/services/{id}",
            body.With("version", 1).With("translations", new JsonArray(Polish.DeepClone())));

        Assert.Equal(HttpStatusCode.Accepted, edit.StatusCode);
        var outcome = await edit.Json();
        Assert.Equal(["translationsPractical"], Strings(outcome.GetProperty("applied")));
        Assert.Equal(["translations"], Strings(outcome.GetProperty("pendingApproval")));
        using var anonymous = api.Anonymous();
        var before = await Read(anonymous, id, "pl-PL,pl;q=0.9,en;q=0.5");
        Assert.StartsWith("Tuesday lunch club", before.GetProperty("name").GetString());
        Assert.Equal(Polish["gettingThere"]!.GetValue<string>(), before.GetProperty("gettingThere").GetString());
        Assert.Equal("pl", before.GetProperty("language").GetString());
        Assert.Equal(["firstVisit", "gettingThere"], Strings(before.GetProperty("translatedFields")).Order(StringComparer.Ordinal));

        using var curator = api.Curator();
        var queue = await (await curator.GetAsync("/api/directory/moderation")).Json();
        var change = queue.GetProperty("pending").EnumerateArray().Single(c => c.GetProperty("serviceId").GetGuid() == id);
        var proposed = change.GetProperty("changes").EnumerateArray().Single();
        Assert.Equal("translations", proposed.GetProperty("field").GetString());
        Assert.Contains("Klub obiadowy", proposed.GetProperty("after").ToString(), StringComparison.Ordinal);
        var approved = await curator.PostAsJsonAsync($"/api/directory/moderation/{change.GetProperty("changeId").GetGuid()}/approve", new { });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        var polish = await Read(anonymous, id, "pl");
        Assert.Equal("Klub obiadowy we wtorki", polish.GetProperty("name").GetString());
        Assert.Equal(Polish["description"]!.GetValue<string>(), polish.GetProperty("description").GetString());
        Assert.Equal(["description", "firstVisit", "gettingThere", "name", "summary"],
            Strings(polish.GetProperty("translatedFields")).Order(StringComparer.Ordinal));
        // English first, no header, or a language the listing lacks: the English, marked "en".
        foreach (var asked in new[] { "en-GB,pl;q=0.8", null, "bn" })
        {
            var english = await Read(anonymous, id, asked);
            Assert.StartsWith("Tuesday lunch club", english.GetProperty("name").GetString());
            Assert.Equal("en", english.GetProperty("language").GetString());
            Assert.Empty(english.GetProperty("translatedFields").EnumerateArray());
            Assert.Equal("pl", english.GetProperty("translations")[0].GetProperty("language").GetString());
        }

        // An edit that sends no translations (a client that does not know them) keeps them.
        var version = polish.GetProperty("version").GetInt32();
        var phoneOnly = await provider.PutAsJsonAsync($"/api/directory/services/{id}", body.With("version", version).With("url", "https://lunch.example.org/pl"));
        Assert.Equal(HttpStatusCode.OK, phoneOnly.StatusCode);
        Assert.Equal("Klub obiadowy we wtorki", (await Read(anonymous, id, "pl")).GetProperty("name").GetString());

        // A word only the Polish description has finds it; a Polish reader sees the Polish name, an English one the English.
        await Eventually.Until(async () => (await Search(anonymous, "pierogi", "pl")).Any(i => i.GetProperty("id").GetGuid() == id),
            TimeSpan.FromSeconds(60), "the Polish description's word to find the listing");
        var hit = (await Search(anonymous, "pierogi", "pl")).Single(i => i.GetProperty("id").GetGuid() == id);
        Assert.Equal("Klub obiadowy we wtorki", hit.GetProperty("name").GetString());
        Assert.Equal("Ciepły obiad i dobre towarzystwo.", hit.GetProperty("summary").GetString());
        Assert.Equal("pl", hit.GetProperty("textLanguage").GetString());
        var inEnglish = (await Search(anonymous, "pierogi", null)).Single(i => i.GetProperty("id").GetGuid() == id);
        Assert.StartsWith("Tuesday lunch club", inEnglish.GetProperty("name").GetString());
        Assert.Equal("en", inEnglish.GetProperty("textLanguage").GetString());

        // The ORUK profile has no field for a translation: the feed is the English alone.
        var oruk = (await (await anonymous.GetAsync($"/services/{id}")).Content.ReadAsStringAsync());
        Assert.Contains("Tuesday lunch club", oruk, StringComparison.Ordinal);
        Assert.DoesNotContain("obiad", oruk, StringComparison.Ordinal);
        await api.InDatabase(async db => Assert.Equal(1, await db.Services.Where(s => s.Id == id).SelectMany(s => s.Translations).CountAsync()));
    }

    [Fact]
    public async Task Bad_translations_are_a_400_naming_each_one_and_nothing_is_saved()
    {
        var org = await api.NewOrganisation("Bad translations");
        using var provider = api.ProviderOf(org);
        var translations = new JsonArray(
            new JsonObject { ["language"] = "en-GB", ["name"] = "English again" },
            new JsonObject { ["language"] = "polish", ["name"] = "Klub" },
            new JsonObject { ["language"] = "bn", ["name"] = new string('ক', 201) },
            new JsonObject { ["language"] = "ar", ["summary"] = "  " },
            new JsonObject { ["language"] = "uk", ["description"] = new string('д', 4001) });

        var response = await provider.PostAsJsonAsync("/api/directory/services", Listings.Body(org).With("translations", translations));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString());
        var errors = (await response.Json()).GetProperty("errors");
        var keys = errors.EnumerateObject().Select(e => e.Name.ToLowerInvariant()).ToList();
        foreach (var field in new[] { "translations[0].language", "translations[1].language", "translations[2].name", "translations[3].name", "translations[4].description" })
            Assert.True(keys.Contains(field), $"no error for {field}: {errors}");

        var twice = await provider.PostAsJsonAsync("/api/directory/services", Listings.Body(org).With("translations",
            new JsonArray(new JsonObject { ["language"] = "pl", ["name"] = "A" }, new JsonObject { ["language"] = "PL", ["summary"] = "B" })));
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Contains("One translation per language", (await twice.Json()).GetProperty("errors").ToString(), StringComparison.Ordinal);
        await api.InDatabase(async db => Assert.False(await db.Services.AnyAsync(s => s.OrganisationId == org)));
    }

    private static async Task<JsonElement> Read(HttpClient http, Guid id, string? acceptLanguage)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/directory/services/{id}");
        if (acceptLanguage is not null) request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        using var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Contains("Accept-Language", response.Headers.Vary);
        return await response.Json();
    }

    private static async Task<List<JsonElement>> Search(HttpClient http, string q, string? acceptLanguage)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/directory/search?q={Uri.EscapeDataString(q)}&pageSize=50");
        if (acceptLanguage is not null) request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        using var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return [.. (await response.Json()).GetProperty("items").EnumerateArray()];
    }

    private static List<string?> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString())];
}
