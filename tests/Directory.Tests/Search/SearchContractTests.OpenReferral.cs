using DirectoryService.Features.OpenReferral;
using Query = DirectoryService.Features.Search.SearchServices.Query;

namespace Directory.Tests.Search;

/// <summary>
/// The Open Referral UK feed's <c>search</c> goes through the same engine as the directory's own search: the same
/// stemming, spelling corrections, synonyms and ranking, over the listings the feed publishes (suspended ones too,
/// which the feed shows as "temporarily closed"). Expectations come from the demo file or from the search API itself.
/// </summary>
public abstract partial class SearchContractTests
{
    [Fact]
    public async Task Feed_search_is_stemmed()
    {
        var found = await FeedSearch("gardens");

        Assert.Contains(Id("svc-hg-therapeutic-gardening"), found);
        Assert.Contains(Id("svc-bss-garden-sessions"), found);
    }

    [Fact]
    public async Task Feed_search_corrects_a_misspelt_word()
    {
        var found = await FeedSearch("befreinding");

        Assert.Contains(Id("svc-pgn-home-visits"), found);
        Assert.Contains(found.Take(5), id => Demo.Listings.Single(l => l.Id == id).Terms.Contains("befriending"));
    }

    [Theory]
    [InlineData("lonely", "svc-pgn-home-visits")]
    [InlineData("mens shed", "svc-cms-workshop")]
    [InlineData("new mum", "svc-cbb-cafe")]
    public async Task Feed_search_reaches_listings_through_synonyms(string typed, string expected)
    {
        Assert.Contains(Id(expected), await FeedSearch(typed));
    }

    [Theory]
    [InlineData("lonely")]
    [InlineData("walking football")]
    [InlineData("befreinding")]
    [InlineData("tea dance")]
    [InlineData("carers")]
    public async Task Feed_search_finds_what_the_directory_search_finds_in_the_same_order(string typed)
    {
        var directory = await AllPages(new Query(Q: typed, IncludeSuspended: true));

        var feed = await FeedSearch(typed);

        Assert.NotEmpty(directory);
        Assert.Equal(directory, feed);
    }

    [Fact]
    public async Task Feed_search_with_the_feeds_own_filters_keeps_the_engines_order()
    {
        var ranked = await AllPages(new Query(Q: "lonely", IncludeSuspended: true));
        // The profile's minimum_age: services whose minimum age is at least the value.
        var expected = ranked.Where(id => Demo.Listings.Single(l => l.Id == id).MinimumAge >= 50).ToList();

        var feed = await FeedSearch("lonely", OrukParameters.None with { MinimumAge = "50" });

        Assert.NotEmpty(expected);
        Assert.True(expected.Count < ranked.Count, "the age filter should leave something out");
        Assert.Equal(expected, feed);
    }

    [Fact]
    public async Task Feed_search_pages_follow_the_engines_order_and_share_its_total()
    {
        var everything = await AllPages(new Query(Q: "lonely", IncludeSuspended: true));
        var first = await fixture.Send(new ListServices.Query(OrukParameters.None with { Search = "lonely", Page = "1", PerPage = "5" }));
        var second = await fixture.Send(new ListServices.Query(OrukParameters.None with { Search = "lonely", Page = "2", PerPage = "5" }));

        Assert.Equal(everything.Count, first.TotalItems);
        Assert.Equal(first.TotalItems, second.TotalItems);
        Assert.Equal(everything.Take(10), first.Contents.Concat(second.Contents).Select(s => s.Id));
    }

    /// <summary>Every page of GET /services?search=..., in the feed's order.</summary>
    private async Task<List<Guid>> FeedSearch(string typed, OrukParameters? filters = null)
    {
        var ids = new List<Guid>();
        for (var page = 1; ; page++)
        {
            var result = await fixture.Send(new ListServices.Query((filters ?? OrukParameters.None) with
            {
                Search = typed, Page = page.ToString(System.Globalization.CultureInfo.InvariantCulture), PerPage = "50",
            }));
            ids.AddRange(result.Contents.Select(s => s.Id));
            if (result.LastPage) return ids;
        }
    }
}
