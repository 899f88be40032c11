using DirectoryService.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Query = DirectoryService.Features.Search.SearchServices.Query;

namespace Directory.Tests.Search.Semantic;

/// <summary>
/// The semantic path on each adapter over the demo directory, listings embedded by the real model when indexed (the
/// model is loaded once per test process and shared by both fixtures). Each test compares the same query with the
/// path off and on, switched on the fixture's options: tests in a class run one at a time.
/// </summary>
public abstract class SemanticSearchTests(DemoSearchFixture fixture)
{
    private DemoData Demo => fixture.Demo;

    private Task<T> With<T>(bool semantic, Func<Task<T>> run) => With(o => o.Enabled = semantic, run);

    /// <summary>Runs with the fixture's semantic options changed, then puts back those a test may change.</summary>
    private async Task<T> With<T>(Action<DirectoryService.Search.Semantic.SemanticOptions> change, Func<Task<T>> run)
    {
        var options = fixture.Services.GetRequiredService<IOptions<SearchOptions>>().Value.Semantic;
        var (enabled, anyWordFloor) = (options.Enabled, options.AnyWordFloor);
        change(options);
        try { return await run(); }
        finally { (options.Enabled, options.AnyWordFloor) = (enabled, anyWordFloor); }
    }

    [Fact]
    public async Task A_query_in_other_words_than_the_listings_finds_them_only_with_the_semantic_path()
    {
        // No listing says "eyesight"; two are for people with sight loss.
        const string typed = "losing her eyesight";
        var sight = new[] { "svc-cssc-social-club", "svc-cssc-talking-tech" }.Select(slug => Demo[slug].Id).ToHashSet();

        var off = await With(false, () => fixture.Search(new Query(Q: typed, PageSize: 5)));
        var on = await With(true, () => fixture.Search(new Query(Q: typed, PageSize: 5)));

        Assert.DoesNotContain(off.Items, i => sight.Contains(i.Id));
        Assert.Contains(on.Items, i => sight.Contains(i.Id));
        Assert.Null(on.NothingFor);
    }

    [Fact]
    public async Task A_query_the_directory_cannot_answer_still_finds_nothing_with_the_semantic_path()
    {
        var result = await With(true, () => fixture.Search(new Query(Q: "sailing club")));

        AssertNothingFor("sailing", result);
        Assert.NotNull(result.Alternatives);
    }

    [Fact]
    public async Task A_single_word_found_only_by_its_stem_is_nothing_found_unless_the_meaning_agrees()
    {
        // "fishing" is in no listing; its stem "fish" is in the fish and chip lunch, which is not about fishing.
        var off = await With(false, () => fixture.Search(new Query(Q: "fishing")));
        var on = await With(true, () => fixture.Search(new Query(Q: "fishing")));

        Assert.Contains(off.Items, i => i.Id == Demo["svc-alc-fish-and-chips"].Id);
        AssertNothingFor("fishing", on);
    }

    [Fact]
    public async Task A_listing_found_by_any_one_word_is_not_shown_when_its_meaning_is_about_something_else()
    {
        // No listing offers karate or judo: loosened to any word, "year" and "old" find listings about other things.
        var query = new Query(Q: "karate or judo for my 10 year old", PageSize: 10);
        var asFound = await With(o => o.AnyWordFloor = 0, () => fixture.Search(query));
        var corroborated = await fixture.Search(query);

        Assert.NotEmpty(asFound.Items);
        Assert.Equal(["karate", "judo"], asFound.UnmatchedWords!);
        AssertNothingFor("karate judo", corroborated);
    }

    [Fact]
    public async Task A_misspelt_word_found_by_its_stem_still_finds_what_it_means()
    {
        // "bereavment" shares its stem with "bereavement", and the bereavement listings mean what was typed.
        var result = await With(true, () => fixture.Search(new Query(Q: "bereavment", PageSize: 5)));

        Assert.Contains(result.Items, i => i.Id == Demo["svc-hbc-listening-line"].Id);
        Assert.Null(result.NothingFor);
    }

    [Fact]
    public async Task A_word_spelled_right_is_not_corrected_into_another_word()
    {
        // "horse" is one letter from "house", which found housing advice; "riding" is in no listing.
        var result = await With(true, () => fixture.Search(new Query(Q: "horse riding")));

        Assert.False(result.Corrections?.ContainsKey("horse") ?? false, "horse corrected");
        AssertNothingFor("horse riding", result);
    }

    [Fact]
    public async Task A_word_spelled_right_is_not_corrected_into_a_word_with_another_stem()
    {
        // "college" is two letters from "collage" (an art class), and the model reads the two as alike.
        var result = await With(true, () => fixture.Search(new Query(Q: "dropped out of college", PageSize: 5)));

        Assert.False(result.Corrections?.ContainsKey("college") ?? false, "college corrected");
    }

    private static void AssertNothingFor(string words, DirectoryService.Features.Search.SearchServices.Result result)
    {
        Assert.Equal(0, result.Total);
        Assert.Empty(result.Items);
        Assert.Equal(words, result.NothingFor);
    }

    [Theory]
    [InlineData("c++ (((help))) [with] *forms* ? +")]
    [InlineData("\U0001F600\U0001F44D lunch \u00e9t\u00e9 \u4f60\u597d")]
    [InlineData("0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 01234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234")]
    public async Task Odd_text_is_answered_with_the_semantic_path_on(string typed)
    {
        var result = await With(true, () => fixture.Search(new Query(Q: typed, PageSize: 10)));

        Assert.Equal(result.Total == 0, result.Items.Count == 0);
    }

    [Fact]
    public async Task Semantic_results_pass_the_same_filters()
    {
        // Free and on Tuesdays: the fused results hold only free listings that meet on a Tuesday, and the lunch club
        // found by meaning is one of them.
        var query = new Query(Q: "hot meal and a chat for someone living alone", Day: "tuesday", Free: false, PageSize: 50);
        var paid = await With(true, () => fixture.Search(query));
        var free = await With(true, () => fixture.Search(query with { Free = true }));

        Assert.All(paid.Items.Concat(free.Items), i => Assert.Contains("tuesday", Demo.Listings.Single(l => l.Id == i.Id).Days));
        Assert.All(paid.Items, i => Assert.False(Demo.Listings.Single(l => l.Id == i.Id).Free));
        Assert.All(free.Items, i => Assert.True(Demo.Listings.Single(l => l.Id == i.Id).Free));
        Assert.Equal(paid.Total, paid.Items.Count);
        Assert.Contains(paid.Items.Concat(free.Items), i => i.Id == Demo["svc-alc-tuesday-lunch"].Id);
    }

    [Fact]
    public async Task A_filtered_search_takes_its_nearest_in_meaning_among_the_listings_its_filters_let_through()
    {
        // Tuesdays, free, within 3 km of Cosham: the nearest in the whole directory are mostly filtered away, so
        // filtering after taking them would leave fewer (or none); filtering first fills the shortlist from those let through.
        await using var scope = fixture.Services.CreateAsyncScope();
        var backend = scope.ServiceProvider.GetRequiredService<ISearchBackend>();
        var semantic = scope.ServiceProvider.GetRequiredService<DirectoryService.Search.Semantic.SemanticSearch>();
        var text = TextQuery.Plan("hot meal and a chat for someone living alone", scope.ServiceProvider.GetRequiredService<Synonyms>())!;
        var stale = DemoSearchFixture.Now.AddDays(-365);
        var plain = SearchCriteria.ByText(text, stale, DemoSearchFixture.Now) with { IncludeSuspended = false, PageSize = 20 };
        var filtered = plain with { Day = DayOfWeek.Tuesday, Free = true, Near = new GeoFilter(50.845, -1.066, 3) };

        var through = await backend.FilteredIdsAsync(filtered, 1_000, CancellationToken.None);
        var everyone = await backend.SearchAsync(filtered with { Text = null, PageSize = 1_000 }, CancellationToken.None);
        var overall = await semantic.NearestAsync(plain, null, CancellationToken.None);
        var nearest = await semantic.NearestAsync(filtered, through, CancellationToken.None);

        Assert.NotNull(through);
        Assert.Equal(everyone.Items.Select(i => i.Id).Order(), through.Order());
        Assert.Null(await backend.FilteredIdsAsync(filtered, through.Count - 1, CancellationToken.None));
        Assert.NotEmpty(nearest);
        Assert.All(nearest, n => Assert.Contains(n.Id, through));
        Assert.True(nearest.Count > overall.Count(n => through.Contains(n.Id)),
            $"{nearest.Count} filtered first, {overall.Count(n => through.Contains(n.Id))} of the overall nearest let through");
    }

    [Theory]
    [InlineData("lunch club")]
    [InlineData("hot meal and a chat for someone living alone")]
    [InlineData(null)]
    public async Task A_text_page_lists_every_listing_its_filters_let_through_whatever_its_text_matched(string? typed)
    {
        // The semantic path scores the listings a narrowed search lets through; PostgreSQL reads them with the text
        // page (the circle's rows), so they must be the same as its own statement's, text matched or not.
        await using var scope = fixture.Services.CreateAsyncScope();
        var backend = scope.ServiceProvider.GetRequiredService<ISearchBackend>();
        var text = TextQuery.Plan(typed, scope.ServiceProvider.GetRequiredService<Synonyms>());
        var criteria = SearchCriteria.ByText(text!, DemoSearchFixture.Now.AddDays(-365), DemoSearchFixture.Now) with
        {
            Text = text, IncludeSuspended = false, PageSize = 20, Free = true, Near = new GeoFilter(50.845, -1.066, 3),
        };

        var through = await backend.FilteredIdsAsync(criteria, 1_000, CancellationToken.None);
        var plain = await backend.SearchAsync(criteria, CancellationToken.None);
        var page = await backend.SearchAsync(criteria with { FilteredIdsUpTo = 1_000 }, CancellationToken.None);
        var tooMany = await backend.SearchAsync(criteria with { FilteredIdsUpTo = through!.Count - 1 }, CancellationToken.None);

        Assert.True(typed is null ? through.Count == plain.Total : through.Count > plain.Total, $"{through.Count} let through, {plain.Total} matched");
        Assert.Equal(through.Order(), page.FilteredIds!.Order());
        Assert.Null(plain.FilteredIds);
        Assert.Null(tooMany.FilteredIds);
        Assert.Equal(plain.Items.Select(i => (i.Id, i.Score)), page.Items.Select(i => (i.Id, i.Score)));
        Assert.Equal(plain.Total, page.Total);
        Assert.Equal(plain.Facets.SelectMany(f => f.Value.Select(v => (f.Key, v.Key, v.Value))), page.Facets.SelectMany(f => f.Value.Select(v => (f.Key, v.Key, v.Value))));
    }
}

public sealed class SqliteSemanticSearchTests(SqliteSemanticSearchFixture fixture)
    : SemanticSearchTests(fixture), IClassFixture<SqliteSemanticSearchFixture>;

public sealed class PostgresSemanticSearchTests(PostgresSemanticSearchFixture fixture)
    : SemanticSearchTests(fixture), IClassFixture<PostgresSemanticSearchFixture>;
