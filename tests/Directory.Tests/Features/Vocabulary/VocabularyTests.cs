using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Directory.Tests.Support;
using DirectoryService.Data.Seed;
using DirectoryService.Domain;
using DirectoryService.Search;
using DirectoryService.Search.Semantic;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;

namespace Directory.Tests.Features.Vocabulary;

/// <summary>
/// The Directory with the text path alone: whether a rule finds a listing is then down to the rule, not to the model
/// judging "sailing" near "boating" (the semantic query text is tested directly).
/// </summary>
public sealed class TextOnlyDirectoryApi : DirectoryApi
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        base.ConfigureSettings(builder);
        builder.UseSetting("Search:Semantic:Enabled", "false");
    }
}

public sealed class TextOnlySqliteDirectoryApi : SqliteDirectoryApi
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        base.ConfigureSettings(builder);
        builder.UseSetting("Search:Semantic:Enabled", "false");
    }
}

public sealed class VocabularyTestsOnPostgres(TextOnlyDirectoryApi api) : VocabularyTests<TextOnlyDirectoryApi>(api);

public sealed class VocabularyTestsOnSqlite(TextOnlySqliteDirectoryApi api) : VocabularyTests<TextOnlySqliteDirectoryApi>(api);

public abstract class VocabularyTests<TApi>(TApi api) : IClassFixture<TApi> where TApi : DirectoryApi
{
    [Fact]
    public async Task An_added_rule_changes_search_results_at_once()
    {
        using var curator = api.Curator();
        var boating = await Listing(curator, "Lake boating", "Boating on the lake for beginners.");
        await Indexed("boating", boating);
        Assert.DoesNotContain(boating, await Found("sailing"));

        var added = await curator.PostAsJsonAsync("/api/directory/vocabulary",
            new { kind = "words", typed = new[] { "Sailing", "sail" }, alsoFinds = new[] { "boating" }, note = "Nobody sails here; the lake has boats." });

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var rule = await added.Json();
        Assert.Equal(["sailing", "sail"], rule.GetProperty("typed").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains("curator", rule.GetProperty("changedBy").GetString(), StringComparison.Ordinal);
        Assert.Equal($"/api/directory/vocabulary/{rule.GetProperty("id").GetGuid()}", added.Headers.Location?.OriginalString);
        // No waiting: the very next search is planned with the new rule.
        Assert.Contains(boating, await Found("sailing"));
    }

    [Fact]
    public async Task A_changed_rule_and_a_deleted_one_stop_expanding_at_once()
    {
        using var curator = api.Curator();
        var rowing = await Listing(curator, "River rowing", "Rowing on the river, boats provided.");
        await Indexed("rowing", rowing);
        var id = (await (await curator.PostAsJsonAsync("/api/directory/vocabulary",
            new { kind = "words", typed = new[] { "kayak" }, alsoFinds = new[] { "rowing" } })).Json()).GetProperty("id").GetGuid();
        Assert.Contains(rowing, await Found("kayak"));

        var changed = await curator.PutAsJsonAsync($"/api/directory/vocabulary/{id}",
            new { kind = "words", typed = new[] { "canoe" }, alsoFinds = new[] { "rowing" } });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.DoesNotContain(rowing, await Found("kayak"));
        Assert.Contains(rowing, await Found("canoe"));

        Assert.Equal(HttpStatusCode.NoContent, (await curator.DeleteAsync($"/api/directory/vocabulary/{id}")).StatusCode);
        Assert.DoesNotContain(rowing, await Found("canoe"));
        Assert.Equal(HttpStatusCode.NotFound, (await curator.GetAsync($"/api/directory/vocabulary/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await curator.DeleteAsync($"/api/directory/vocabulary/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_meaning_rule_reaches_the_semantic_query_text_and_a_words_rule_does_not()
    {
        using var curator = api.Curator();
        var meaning = await curator.PostAsJsonAsync("/api/directory/vocabulary",
            new { kind = "meaning", typed = new[] { "long covid" }, alsoFinds = new[] { "breathing", "fatigue support" } });
        var words = await curator.PostAsJsonAsync("/api/directory/vocabulary",
            new { kind = "words", typed = new[] { "brew" }, alsoFinds = new[] { "tea" } });
        Assert.Equal(HttpStatusCode.Created, meaning.StatusCode);
        Assert.Equal(HttpStatusCode.Created, words.StatusCode);

        await using var scope = api.Services.CreateAsyncScope();
        var synonyms = scope.ServiceProvider.GetRequiredService<Synonyms>();
        var embedded = SemanticSearch.QueryText(TextQuery.Plan("Long Covid and a brew", synonyms)!, synonyms);

        Assert.Equal("Long Covid and a brew (breathing, fatigue support)", embedded);
    }

    [Fact]
    public async Task A_rule_written_by_another_replica_is_in_force_here_within_seconds()
    {
        using var curator = api.Curator();
        var pottery = await Listing(curator, "Pottery wheel", "Throwing pots on the wheel.");
        await Indexed("pottery", pottery);
        Assert.DoesNotContain(pottery, await Found("ceramics"));

        // Straight into the table, as another replica's save would be: this process's rules are not reloaded by it.
        await api.InDatabase(async db =>
        {
            db.VocabularyRules.Add(new VocabularyRule("words", ["ceramics"], ["pottery"], null, "another replica", DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        });

        var started = DateTime.UtcNow;
        await Eventually.Until(async () => (await Found("ceramics")).Contains(pottery), TimeSpan.FromSeconds(20),
            "the other replica's rule to be in force (Search:VocabularyRefreshSeconds, 5 s)");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(12), $"took {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task The_shipped_rules_are_there_to_list_filter_and_page()
    {
        using var curator = api.Curator();

        var copd = await (await curator.GetAsync("/api/directory/vocabulary?q=COPD")).Json();
        var meaning = await (await curator.GetAsync("/api/directory/vocabulary?kind=meaning&pageSize=100")).Json();
        var firstTwo = await (await curator.GetAsync("/api/directory/vocabulary?kind=words&pageSize=2")).Json();
        var nextTwo = await (await curator.GetAsync("/api/directory/vocabulary?kind=words&pageSize=2&page=2")).Json();

        var rule = Assert.Single(copd.GetProperty("items").EnumerateArray());
        Assert.Equal("meaning", rule.GetProperty("kind").GetString());
        Assert.Contains("breathe easy", rule.GetProperty("alsoFinds").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(VocabularySeed.ShippedBy, rule.GetProperty("changedBy").GetString());
        Assert.All(meaning.GetProperty("items").EnumerateArray(), r => Assert.Equal("meaning", r.GetProperty("kind").GetString()));
        Assert.Equal(meaning.GetProperty("total").GetInt32(), meaning.GetProperty("items").GetArrayLength());
        Assert.True(meaning.GetProperty("total").GetInt32() >= 13);
        Assert.Equal(2, firstTwo.GetProperty("items").GetArrayLength());
        Assert.Equal(firstTwo.GetProperty("total").GetInt32(), nextTwo.GetProperty("total").GetInt32());
        Assert.Empty(Ids(firstTwo).Intersect(Ids(nextTwo)));
        var one = await (await curator.GetAsync($"/api/directory/vocabulary/{rule.GetProperty("id").GetGuid()}")).Json();
        Assert.Equal(rule.GetProperty("typed").ToString(), one.GetProperty("typed").ToString());
    }

    [Fact]
    public async Task A_phrase_another_rule_is_for_is_a_conflict_naming_that_rule()
    {
        using var curator = api.Curator();
        var shipped = Assert.Single((await (await curator.GetAsync("/api/directory/vocabulary?q=loneliness&kind=words")).Json())
            .GetProperty("items").EnumerateArray(), r => r.GetProperty("typed").EnumerateArray().Any(p => p.GetString() == "lonely"));

        var response = await curator.PostAsJsonAsync("/api/directory/vocabulary",
            new { kind = "meaning", typed = new[] { "LONELY!" }, alsoFinds = new[] { "company" } });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Json();
        Assert.Equal(shipped.GetProperty("id").GetGuid(), problem.GetProperty("ruleId").GetGuid());
        Assert.Equal(["lonely"], problem.GetProperty("phrases").EnumerateArray().Select(p => p.GetString()));
    }

    [Theory]
    [InlineData("""{"kind":"words","typed":[],"alsoFinds":["x"]}""", "typed")]
    [InlineData("""{"kind":"words","typed":["swim, swimming"],"alsoFinds":["pool"]}""", "typed[0]")]
    [InlineData("""{"kind":"words","typed":["swim => pool"],"alsoFinds":["pool"]}""", "typed[0]")]
    [InlineData("""{"kind":"words","typed":["!!!"],"alsoFinds":["pool"]}""", "typed[0]")]
    [InlineData("""{"kind":"words","typed":["one two three four five six seven"],"alsoFinds":["pool"]}""", "typed[0]")]
    [InlineData("""{"kind":"words","typed":["swim"],"alsoFinds":[null]}""", "alsoFinds[0]")]
    [InlineData("""{"kind":"colour","typed":["swim"],"alsoFinds":["pool"]}""", "kind")]
    [InlineData("""{"typed":["swim"],"alsoFinds":["pool"]}""", "kind")]
    public async Task A_rule_that_breaks_the_rules_is_refused_naming_the_field(string body, string field)
    {
        using var curator = api.Curator();

        var response = await curator.PostAsync("/api/directory/vocabulary", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Json()).GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Too_many_phrases_a_huge_phrase_and_a_rule_for_a_stop_word_are_refused()
    {
        using var curator = api.Curator();

        var many = await curator.PostAsJsonAsync("/api/directory/vocabulary",
            new { kind = "words", typed = Enumerable.Range(0, VocabularyRule.MaxPhrases + 1).Select(i => $"swim{i}"), alsoFinds = new[] { "pool" } });
        var huge = await curator.PostAsJsonAsync("/api/directory/vocabulary",
            new { kind = "words", typed = new[] { new string('a', 100_000) }, alsoFinds = new[] { "pool" } });
        var common = await curator.PostAsJsonAsync("/api/directory/vocabulary",
            new { kind = "words", typed = new[] { "the" }, alsoFinds = new[] { "pool" } });

        Assert.Equal(HttpStatusCode.BadRequest, many.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, common.StatusCode);
        Assert.True((await common.Json()).GetProperty("errors").TryGetProperty("typed", out _));
    }

    private async Task<Guid> Listing(HttpClient curator, string name, string summary)
    {
        var org = await api.NewOrganisation($"{name} club");
        var body = Listings.Body(org, name).With("summary", summary).With("description", summary);
        return (await DirectoryApi.Create(curator, body)).GetProperty("id").GetGuid();
    }

    private Task Indexed(string word, Guid listing) =>
        Eventually.Until(async () => (await Found(word)).Contains(listing), TimeSpan.FromSeconds(60), $"the listing to be indexed under '{word}'");

    private async Task<HashSet<Guid>> Found(string q)
    {
        using var anonymous = api.Anonymous();
        var page = await anonymous.GetFromJsonAsync<JsonElement>($"/api/directory/search?q={Uri.EscapeDataString(q)}&pageSize=50");
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];
    }

    private static IEnumerable<Guid> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid());
}
