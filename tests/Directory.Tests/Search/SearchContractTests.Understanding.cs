using Query = DirectoryService.Features.Search.SearchServices.Query;

namespace Directory.Tests.Search;

/// <summary>Days, cost and places said in words become the search's own filters on every adapter.</summary>
public abstract partial class SearchContractTests
{
    [Fact]
    public async Task The_weekend_in_words_finds_what_runs_on_saturday_or_sunday()
    {
        var saturday = await AllPages(new Query(Day: "saturday"));
        var sunday = await AllPages(new Query(Day: "sunday"));

        var weekend = await AllPages(new Query(Q: "at the weekend"));

        Assert.NotEmpty(weekend);
        Assert.Equal(saturday.Union(sunday).Order(), weekend.Order());
    }

    [Fact]
    public async Task A_day_and_cost_in_words_filter_as_the_explicit_filters_do_and_the_rest_is_text()
    {
        var explicitly = await AllPages(new Query(Q: "coffee", Day: "wednesday", Free: true));

        var inWords = await fixture.Search(new Query(Q: "free coffee on Wednesdays", PageSize: 50));

        Assert.Equal(explicitly.Order(), inWords.Items.Select(i => i.Id).Order());
        Assert.Equal(["cost", "day"], inWords.Understood!.Select(u => u.Kind));
        Assert.Equal(["Free", "on Wednesdays"], inWords.Understood!.Select(u => u.Text));
    }

    [Fact]
    public async Task A_clock_time_in_words_filters_as_the_explicit_times_do_and_is_never_searched_as_text()
    {
        var explicitly = await AllPages(new Query(Day: "monday", From: "10:00", To: "10:01"));

        var inWords = await fixture.Search(new Query(Q: "on monday at 10:00", PageSize: 50));

        Assert.NotEmpty(explicitly);
        Assert.Null(inWords.NothingFor);
        Assert.Equal(explicitly.Order(), inWords.Items.Select(i => i.Id).Order());
        Assert.Equal(["on Mondays", "at 10:00"], inWords.Understood!.Select(u => u.Text));
    }

    [Fact]
    public async Task An_understanding_switched_off_searches_those_words_as_text()
    {
        var result = await fixture.Search(new Query(Q: "coffee on Wednesdays", AsTyped: ["day"]));

        Assert.Null(result.Understood);
        // Not kept to Wednesdays: "wednesdays" is a word to search for, and the any-word fallback finds more.
        var understood = await fixture.Search(new Query(Q: "coffee on Wednesdays"));
        Assert.Equal("day", Assert.Single(understood.Understood!).Kind);
        Assert.True(result.Total > understood.Total, $"{result.Total} as typed, {understood.Total} on Wednesdays");
    }

    [Fact]
    public async Task A_ward_named_in_words_ranks_by_distance_from_it_without_a_radius()
    {
        var result = await fixture.Search(new Query(Q: "befriending near Cosham", PageSize: 50));

        Assert.Equal("near Cosham", Assert.Single(result.Understood!).Text);
        var plain = await fixture.Search(new Query(Q: "befriending", PageSize: 50));
        Assert.Equal(plain.Total, result.Total);
        Assert.Contains(result.Items, i => i.DistanceKm is not null);
    }
}
