using Query = DirectoryService.Features.Search.SearchServices.Query;

namespace Directory.Tests.Search;

/// <summary>Conditions and life events a practitioner writes reach the activities that help (synonyms.txt).</summary>
public abstract partial class SearchContractTests
{
    [Theory]
    [InlineData("emphysema", "svc-dv-singing-for-breathing")]
    [InlineData("widowed", "svc-dwf-coffee-morning")]
    [InlineData("made redundant", "svc-pwc-confidence-course")]
    [InlineData("new to the area", "svc-cms-breakfast")]
    [InlineData("can't leave the house", "svc-pvf-telephone-befriending")]
    [InlineData("hot meal", "svc-alc-tuesday-lunch")]
    [InlineData("recently retired", "svc-cms-workshop")]
    [InlineData("ex army", "svc-hvb-breakfast-club")]
    [InlineData("chemotherapy", "svc-lcc-phone-buddy")]
    [InlineData("keeps falling over", "svc-gm-strength-and-balance")]
    [InlineData("had a heart attack", "svc-pvwf-over-50s")]
    [InlineData("fibromyalgia", "svc-hg-therapeutic-gardening")]
    [InlineData("panic attacks", "svc-hm-peer-support")]
    public async Task Conditions_and_life_events_find_the_activities_that_help(string typed, string expected)
    {
        var result = await fixture.Search(new Query(Q: typed, PageSize: 50));

        Assert.Contains(result.Items, i => i.Id == Id(expected));
        Assert.Null(result.NothingFor);
    }

    [Theory]
    [InlineData("walking group for a man", "svc-pp-walk-and-talk")]
    [InlineData("loves nature", "svc-fscv-conservation-tasks")]
    [InlineData("would like to learn an instrument", "svc-bus-ukulele-group")]
    public async Task Everyday_words_find_the_words_listings_use(string typed, string expected)
    {
        var result = await fixture.Search(new Query(Q: typed, PageSize: 5));

        Assert.Contains(result.Items, i => i.Id == Id(expected));
    }

    [Fact]
    public async Task A_misspelt_condition_no_listing_names_is_read_as_the_vocabulary_word()
    {
        var result = await fixture.Search(new Query(Q: "altzheimers", PageSize: 50));

        Assert.Equal("alzheimers", result.Corrections?.GetValueOrDefault("altzheimers"));
        Assert.Contains(result.Items, i => i.Id == Id("svc-fmn-cosham-memory-cafe"));
    }

    [Fact]
    public async Task The_condition_counts_not_who_has_it()
    {
        var dads = new[] { "svc-la-dads-saturday", "svc-cdd-saturday-play", "svc-cdd-dads-evening" }.Select(Id).ToList();

        var result = await fixture.Search(new Query(Q: "my dad has parkinsons", PageSize: 50));

        Assert.Contains(result.Items, i => i.Id == Id("svc-ss-parkinsons-exercise"));
        Assert.DoesNotContain(result.Items, i => dads.Contains(i.Id));
    }
}
