using BuildingBlocks.Web;
using DirectoryService.Data.Seed;
using DirectoryService.Features.Search;
using DirectoryService.Search;
using Microsoft.Extensions.DependencyInjection;
using Query = DirectoryService.Features.Search.SearchServices.Query;

namespace Directory.Tests.Search;

/// <summary>
/// The search port's contract: every adapter must pass all of these over the demo directory (north Portsmouth).
/// Expected listings come from the demo file itself (DemoData), not from the index.
/// </summary>
public abstract partial class SearchContractTests(DemoSearchFixture fixture)
{
    private DemoData Demo => fixture.Demo;
    private IReadOnlyList<DemoData.Listing> Active => [.. Demo.Listings.Where(l => l.Slug != DemoSearchFixture.SuspendedSlug)];
    private Guid Id(string slug) => Demo[slug].Id;

    [Fact]
    public async Task Free_text_is_stemmed()
    {
        var result = await fixture.Search(new Query(Q: "gardens"));

        Assert.Contains(Id("svc-hg-therapeutic-gardening"), result.Items.Select(i => i.Id));
        Assert.Contains(Id("svc-bss-garden-sessions"), result.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Name_matches_rank_first()
    {
        var result = await fixture.Search(new Query(Q: "walking football"));

        Assert.Equal(Id("svc-pvwf-over-50s"), result.Items[0].Id);
    }

    [Fact]
    public async Task A_misspelt_word_is_corrected_and_finds_befriending()
    {
        var result = await fixture.Search(new Query(Q: "befreinding"));

        Assert.Equal("befriending", result.Corrections?["befreinding"]);
        var top = result.Items.Take(5).Select(i => i.Id).ToList();
        Assert.Contains(Id("svc-pgn-home-visits"), top.Concat(result.Items.Select(i => i.Id)));
        Assert.Contains(top, id => Demo.Listings.Single(l => l.Id == id).Terms.Contains("befriending"));
    }

    [Fact]
    public async Task A_word_is_not_corrected_into_one_that_starts_with_another_letter()
    {
        // "hoovering" is two edits from "covering", which a listing holds; a misspelling rarely gets the first letter wrong.
        var result = await fixture.Search(new Query(Q: "hoovering"));

        Assert.False(result.Corrections?.ContainsKey("hoovering") ?? false, $"corrected into {result.Corrections?.GetValueOrDefault("hoovering")}");
    }

    [Theory]
    [InlineData("lonely", "svc-pgn-home-visits")]
    [InlineData("mens shed", "svc-cms-workshop")]
    [InlineData("new mum", "svc-cbb-cafe")]
    public async Task Synonyms_reach_listings_that_do_not_use_the_word(string typed, string expected)
    {
        var result = await fixture.Search(new Query(Q: typed, PageSize: 50));

        Assert.Contains(Id(expected), result.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Taxonomy_filter_keeps_only_listings_with_the_term()
    {
        var result = await fixture.Search(new Query(Taxonomy: ["mens-sheds"], PageSize: 50));

        var expected = Active.Where(l => l.Terms.Contains("mens-sheds")).Select(l => l.Id).ToHashSet();
        Assert.Equal(expected, result.Items.Select(i => i.Id).ToHashSet());
        Assert.Equal(expected.Count, result.Total);
    }

    [Fact]
    public async Task Day_filter_keeps_only_listings_running_that_day()
    {
        var result = await fixture.Search(new Query(Day: "saturday", PageSize: 50));

        var expected = Active.Where(l => l.Days.Contains("saturday")).Select(l => l.Id).ToHashSet();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, result.Total);
        Assert.All(result.Items, i => Assert.Contains(i.Id, expected));
    }

    [Fact]
    public async Task Time_window_keeps_only_sessions_overlapping_it()
    {
        var evening = await fixture.Search(new Query(Day: "tuesday", From: "18:00", To: "22:00", PageSize: 50));
        var allTuesday = await fixture.Search(new Query(Day: "tuesday", PageSize: 50));

        Assert.NotEmpty(evening.Items);
        Assert.True(evening.Total < allTuesday.Total);
        Assert.DoesNotContain(Id("svc-alc-tuesday-lunch"), evening.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task This_week_keeps_only_listings_with_a_session_in_the_next_seven_days()
    {
        var result = await fixture.Search(new Query(ThisWeek: true, PageSize: 50));

        Assert.NotEmpty(result.Items);
        Assert.True(result.Total < Active.Count);
        Assert.All(result.Items, i => Assert.InRange(i.NextSession!.Value, DemoSearchFixture.Now.AddHours(-12), DemoSearchFixture.Now.AddDays(7)));
    }

    [Fact]
    public async Task Age_filter_drops_listings_the_person_is_too_young_or_old_for()
    {
        var result = await fixture.Search(new Query(Age: 16, PageSize: 50, Page: 1));
        var all = await AllPages(new Query(Age: 16));

        var expected = Active.Where(l => (l.MinimumAge ?? 0) <= 16 && (l.MaximumAge ?? 200) >= 16).Select(l => l.Id).ToHashSet();
        Assert.Equal(expected, all.ToHashSet());
        Assert.Equal(expected.Count, result.Total);
    }

    [Fact]
    public async Task Free_filter_and_cost_in_results()
    {
        var free = await fixture.Search(new Query(Free: true, PageSize: 50));
        var paid = await fixture.Search(new Query(Free: false, PageSize: 50));

        Assert.All(free.Items, i => Assert.True(i.Cost.IsFree));
        Assert.All(paid.Items, i => Assert.False(i.Cost.IsFree));
        Assert.Equal(Active.Count, free.Total + paid.Total);
    }

    [Fact]
    public async Task Accessibility_language_attending_type_and_referrals_filters()
    {
        var loop = await AllPages(new Query(Accessibility: ["hearing-loop"]));
        Assert.Equal(Active.Where(l => l.Accessibility.Contains("hearing-loop")).Select(l => l.Id).ToHashSet(), loop.ToHashSet());

        var polish = await fixture.Search(new Query(Language: "Polish"));
        Assert.Equal(Active.Where(l => l.Languages.Contains("Polish")).Select(l => l.Id).ToHashSet(), polish.Items.Select(i => i.Id).ToHashSet());

        var online = await fixture.Search(new Query(AttendingType: "online", PageSize: 50));
        Assert.Equal(Active.Count(l => l.AttendingType == "online"), online.Total);
        Assert.All(online.Items, i => Assert.Equal("online", i.AttendingType));

        var accepting = await fixture.Search(new Query(AcceptingReferrals: true, PageSize: 50));
        Assert.Equal(Active.Count(l => l.AcceptingReferrals == "yes"), accepting.Total);
        Assert.All(accepting.Items, i => Assert.Equal("yes", i.AcceptingReferrals));
    }

    [Fact]
    public async Task Ward_filter()
    {
        var result = await AllPages(new Query(Ward: "Cosham"));

        Assert.Equal(Active.Where(l => l.Wards.Contains("Cosham")).Select(l => l.Id).ToHashSet(), result.ToHashSet());
    }

    [Fact]
    public async Task Near_a_postcode_within_a_radius_sorted_by_distance()
    {
        var result = await fixture.Search(new Query(Postcode: "po6 1be", RadiusKm: 1.5, Sort: "distance", PageSize: 50));
        var wider = await fixture.Search(new Query(Postcode: "PO6 1BE", RadiusKm: 5, PageSize: 50));

        var distances = result.Items.Where(i => i.DistanceKm is not null).Select(i => i.DistanceKm!.Value).ToList();
        Assert.NotEmpty(distances);
        Assert.All(distances, d => Assert.True(d <= 1.5, $"{d} km is outside the 1.5 km radius"));
        Assert.Equal(distances.Order(), distances);
        Assert.True(wider.Total > result.Total);
        Assert.All(result.Items, i => Assert.NotNull(i.DistanceKm));
    }

    [Fact]
    public async Task A_radius_leaves_out_activities_online_or_by_phone_says_so_and_includes_them_when_asked()
    {
        var local = await fixture.Search(new Query(Q: "befriending", Postcode: "PO6 1BE", RadiusKm: 5, PageSize: 50));
        var withRemote = await fixture.Search(new Query(Q: "befriending", Postcode: "PO6 1BE", RadiusKm: 5, IncludeRemote: true, PageSize: 50));
        var inPersonOnly = await fixture.Search(new Query(Q: "befriending", Postcode: "PO6 1BE", RadiusKm: 5, AttendingType: "in-person"));

        Assert.All(local.Items, i => Assert.NotNull(i.DistanceKm));
        Assert.True(local.RemoteLeftOut);
        var remote = withRemote.Items.Where(i => i.DistanceKm is null).ToList();
        Assert.NotEmpty(remote);
        Assert.All(remote, i => Assert.NotEqual("in-person", i.AttendingType));
        Assert.Equal(local.Total + remote.Count, withRemote.Total);
        Assert.False(withRemote.RemoteLeftOut);
        Assert.False(inPersonOnly.RemoteLeftOut);
    }

    [Fact]
    public async Task A_radius_says_an_activity_online_was_left_out_however_many_other_activities_online_come_before_it()
    {
        // PostgreSQL first tries a few placeless listings in index order, then asks the text index: the one that matches
        // is indexed after 70 that do not.
        SearchDocument Listing(string name, string attending, params GeoPoint[] places) => new(Guid.NewGuid(), name, "Test organisation",
            null, null, "", [], [], null, null, true, null, attending, "yes", [], [], [], places, false, null, null, DemoSearchFixture.Now, null);
        var others = Enumerable.Range(0, 70).Select(i => Listing($"Quilting circle {i}", i % 2 == 0 ? "online" : "phone")).ToList();
        var byPhone = Listing("Yodelling by phone", "phone");
        var inPerson = Listing("Yodelling in the park", "in-person", new GeoPoint(50.8475, -1.0660));
        List<SearchDocument> added = [.. others, byPhone, inPerson];
        await using var scope = fixture.Services.CreateAsyncScope();
        var backend = scope.ServiceProvider.GetRequiredService<ISearchBackend>();
        foreach (var listing in added) await backend.UpsertAsync([listing], CancellationToken.None);
        try
        {
            var near = await fixture.Search(new Query(Q: "yodelling", Lat: 50.8475, Lon: -1.0660, RadiusKm: 1));
            var inPersonOnly = await fixture.Search(new Query(Q: "yodelling", Lat: 50.8475, Lon: -1.0660, RadiusKm: 1, AttendingType: "in-person"));

            Assert.Equal(inPerson.Id, Assert.Single(near.Items).Id);
            Assert.True(near.RemoteLeftOut);
            Assert.False(inPersonOnly.RemoteLeftOut);
        }
        finally
        {
            foreach (var listing in added) await backend.RemoveAsync(listing.Id, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_listing_with_several_places_is_found_near_each_at_the_distance_of_the_nearest()
    {
        // Two venues 6.95 km apart on one meridian; no demo listing has more than one place.
        var listing = new SearchDocument(Guid.NewGuid(), "Xylophone ensemble", "Test organisation", "Two venues", null, "", [], [],
            null, null, true, null, "in-person", "yes", [], [], [], [new(50.8475, -1.0660), new(50.9100, -1.0660)], false, null, null,
            DemoSearchFixture.Now, null);
        await using var scope = fixture.Services.CreateAsyncScope();
        var backend = scope.ServiceProvider.GetRequiredService<ISearchBackend>();
        await backend.UpsertAsync([listing], CancellationToken.None);
        try
        {
            var atFirst = await fixture.Search(new Query(Q: "xylophone", Lat: 50.8475, Lon: -1.0660, RadiusKm: 1));
            var atSecond = await fixture.Search(new Query(Q: "xylophone", Lat: 50.9100, Lon: -1.0660, RadiusKm: 1));
            var nearerTheSecond = await fixture.Search(new Query(Q: "xylophone", Lat: 50.8900, Lon: -1.0660, RadiusKm: 3));
            var byDistance = await fixture.Search(new Query(Q: "xylophone", Lat: 50.8900, Lon: -1.0660, Sort: "distance"));
            var between = await fixture.Search(new Query(Q: "xylophone", Lat: 50.8787, Lon: -1.0660, RadiusKm: 1));

            Assert.Equal(0, Assert.Single(atFirst.Items).DistanceKm!.Value, 2);
            Assert.Equal(0, Assert.Single(atSecond.Items).DistanceKm!.Value, 2);
            Assert.Equal(2.22, Assert.Single(nearerTheSecond.Items).DistanceKm!.Value, 1);
            Assert.Equal(2.22, Assert.Single(byDistance.Items).DistanceKm!.Value, 1);
            Assert.Empty(between.Items);
        }
        finally
        {
            await backend.RemoveAsync(listing.Id, CancellationToken.None);
        }
    }

    [Fact]
    public async Task One_listing_re_indexed_at_once_by_several_consumers_is_indexed_once()
    {
        var listing = new SearchDocument(Guid.NewGuid(), "Zither circle", "Test organisation", "Plucked strings", null, "", [], [],
            null, null, true, null, "in-person", "yes", [], [], [], [new(50.8475, -1.0660)], false, null, null, DemoSearchFixture.Now, null);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            {
                await using var scope = fixture.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ISearchBackend>().UpsertAsync([listing], CancellationToken.None);
            }));

            var found = await fixture.Search(new Query(Q: "zither"));
            Assert.Equal(listing.Id, Assert.Single(found.Items).Id);
        }
        finally
        {
            await using var scope = fixture.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ISearchBackend>().RemoveAsync(listing.Id, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Near_an_outcode_or_a_point()
    {
        var outcode = await fixture.Search(new Query(Postcode: "PO6", RadiusKm: 2, Sort: "distance"));
        var point = await fixture.Search(new Query(Lat: 50.8475, Lon: -1.0660, RadiusKm: 2, Sort: "distance"));

        Assert.NotEmpty(outcode.Items);
        Assert.NotNull(outcode.Items[0].DistanceKm);
        Assert.NotEmpty(point.Items);
        Assert.True(point.Items[0].DistanceKm <= 2);
    }

    [Theory]
    [InlineData("ZZ9 9ZZ")]
    [InlineData("not a postcode")]
    public async Task Unknown_or_malformed_postcode_is_a_rule_violation(string postcode)
    {
        var error = await Assert.ThrowsAsync<RuleViolationException>(() => fixture.Search(new Query(Postcode: postcode)));
        Assert.Contains("postcode", error.Errors.Keys);
    }

    [Fact]
    public async Task Sort_by_next_session()
    {
        var result = await fixture.Search(new Query(Sort: "next-session", PageSize: 30));

        var sessions = result.Items.Select(i => i.NextSession).ToList();
        Assert.All(sessions.Take(10), s => Assert.NotNull(s));
        Assert.Equal(sessions.Where(s => s is not null).Order(), sessions.Where(s => s is not null));
    }

    [Fact]
    public async Task Pages_do_not_overlap_and_share_the_total()
    {
        var first = await fixture.Search(new Query(Q: "lonely", Page: 1, PageSize: 5));
        var second = await fixture.Search(new Query(Q: "lonely", Page: 2, PageSize: 5));

        Assert.Equal(5, first.Items.Count);
        Assert.Equal(first.Total, second.Total);
        Assert.Empty(first.Items.Select(i => i.Id).Intersect(second.Items.Select(i => i.Id)));
    }

    [Fact]
    public async Task Facets_count_the_current_query()
    {
        var result = await fixture.Search(new Query(Q: "carers"));

        Assert.Equal(result.Total, result.Facets["attendingType"].Values.Sum());
        Assert.Equal(result.Total, result.Facets["cost"].Values.Sum());
        Assert.Equal(result.Total, result.Facets["acceptingReferrals"].Values.Sum());
        var carers = result.Facets["taxonomy"]["carers"];
        Assert.InRange(carers, 1, result.Total);
        var filtered = await fixture.Search(new Query(Q: "carers", Taxonomy: ["carers"]));
        Assert.Equal(carers, filtered.Total);
        Assert.True(result.Facets["day"].Count > 0);
        Assert.True(result.Facets["ward"].Count > 0);
        Assert.True(result.Facets["language"].ContainsKey("English"));
    }

    [Fact]
    public async Task Snippets_highlight_matches_and_escape_listing_text()
    {
        var result = await fixture.Search(new Query(Q: "bereavement"));

        Assert.Contains(result.Items, i => i.Snippet?.Contains("<mark>", StringComparison.OrdinalIgnoreCase) == true);
        Assert.All(result.Items, i => Assert.DoesNotContain("<script", i.Snippet ?? ""));
    }

    [Fact]
    public async Task Suspended_listings_are_left_out_unless_asked_for_and_then_carry_their_alternative()
    {
        var hidden = await fixture.Search(new Query(Q: "walking football"));
        var shown = await fixture.Search(new Query(Q: "walking football", IncludeSuspended: true));

        var suspendedId = Id(DemoSearchFixture.SuspendedSlug);
        Assert.DoesNotContain(suspendedId, hidden.Items.Select(i => i.Id));
        var item = Assert.Single(shown.Items, i => i.Id == suspendedId);
        Assert.True(item.Suspended);
        Assert.Equal(DemoSearchFixture.SuspendedAlternative, item.Alternative);
        Assert.NotNull(item.SuspensionNote);
    }

    [Fact]
    public async Task Stale_listings_are_flagged_and_demoted()
    {
        var all = new List<SearchServices.Item>();
        for (var page = 1; ; page++)
        {
            var result = await fixture.Search(new Query(Page: page, PageSize: 50));
            all.AddRange(result.Items);
            if (result.Items.Count < 50) break;
        }
        var cutoff = DateOnly.FromDateTime(DemoSearchFixture.Now.AddDays(-new SearchOptions().StaleAfterDays).UtcDateTime);
        var stale = Active.Where(l => l.LastVerified < cutoff).Select(l => l.Id).ToHashSet();
        Assert.NotEmpty(stale);
        Assert.Equal(stale, all.Where(i => i.Stale).Select(i => i.Id).ToHashSet());
        // Without text every listing scores alike, so demotion puts every stale listing after every fresh one.
        var firstStale = all.FindIndex(i => i.Stale);
        Assert.All(all.Skip(firstStale), i => Assert.True(i.Stale));
    }

    [Fact]
    public async Task Re_indexing_after_a_change_is_reflected_in_results()
    {
        var before = await fixture.Search(new Query(Q: "tea dance"));
        Assert.Contains(Id("svc-ssd-tea-dance"), before.Items.Select(i => i.Id));
        await using var scope = fixture.Services.CreateAsyncScope();
        var backend = scope.ServiceProvider.GetRequiredService<ISearchBackend>();

        await backend.RemoveAsync(Id("svc-ssd-tea-dance"), CancellationToken.None);
        var removed = await fixture.Search(new Query(Q: "tea dance"));
        await scope.ServiceProvider.GetRequiredService<SearchIndexer>().ReindexAsync([Id("svc-ssd-tea-dance")], CancellationToken.None);
        var restored = await fixture.Search(new Query(Q: "tea dance"));

        Assert.DoesNotContain(Id("svc-ssd-tea-dance"), removed.Items.Select(i => i.Id));
        Assert.Contains(Id("svc-ssd-tea-dance"), restored.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Re_indexing_listings_already_in_the_index_replaces_them_without_duplicates()
    {
        var before = await fixture.Search(new Query(Q: "tea dance"));
        await using var scope = fixture.Services.CreateAsyncScope();
        var indexer = scope.ServiceProvider.GetRequiredService<SearchIndexer>();

        // One batch holding listings that are already indexed, one of them twice.
        await indexer.ReindexAsync([Id("svc-ssd-tea-dance"), Id("svc-ssd-tea-dance"), .. before.Items.Take(3).Select(i => i.Id)], CancellationToken.None);
        var after = await fixture.Search(new Query(Q: "tea dance"));

        Assert.Equal(before.Total, after.Total);
        Assert.Equal(after.Items.Count, after.Items.Select(i => i.Id).Distinct().Count());
        Assert.Equal(before.Facets["taxonomy"], after.Facets["taxonomy"]);
    }

    private async Task<List<Guid>> AllPages(Query query)
    {
        var ids = new List<Guid>();
        for (var page = 1; ; page++)
        {
            var result = await fixture.Search(query with { Page = page, PageSize = 50 });
            ids.AddRange(result.Items.Select(i => i.Id));
            if (result.Items.Count < 50) return ids;
        }
    }
}

public sealed class SqliteSearchContractTests(SqliteDemoSearchFixture fixture)
    : SearchContractTests(fixture), IClassFixture<SqliteDemoSearchFixture>;

public sealed class PostgresSearchContractTests(PostgresDemoSearchFixture fixture)
    : SearchContractTests(fixture), IClassFixture<PostgresDemoSearchFixture>;
