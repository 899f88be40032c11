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
    public async Task Conditions_and_life_events_find_the_activities_that_help(string typed, string expected)
    {
        var result = await fixture.Search(new Query(Q: typed, PageSize: 50));

        Assert.Contains(result.Items, i => i.Id == Id(expected));
        Assert.Null(result.NothingFor);
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
