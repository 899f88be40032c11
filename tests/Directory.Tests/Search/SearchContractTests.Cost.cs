using System.Text.Json;
using DirectoryService.Data.Seed;
using Query = DirectoryService.Features.Search.SearchServices.Query;

namespace Directory.Tests.Search;

public abstract partial class SearchContractTests
{
    /// <summary>A result says what the listing costs as the listing does: a price where one is given (issue #19).</summary>
    [Fact]
    public async Task Every_result_carries_the_listings_price_in_pounds_and_none_when_free_or_unpriced()
    {
        var expected = DemoPrices();

        var seen = (await EveryResult()).ToDictionary(i => i.Id, i => i.Cost.Amount);

        Assert.Equal(Active.Count, seen.Count);
        Assert.Contains(seen.Values, amount => amount is not null);
        Assert.Contains(seen.Values, amount => amount is null);
        foreach (var (id, amount) in seen) Assert.Equal(expected[id], amount);
    }

    /// <summary>A result says which languages it runs in and what its places offer, unfiltered, so a card can say so.</summary>
    [Fact]
    public async Task Every_result_carries_its_languages_and_its_places_accessibility()
    {
        var results = await EveryResult();

        Assert.Equal(Active.Count, results.Count);
        Assert.Contains(results, i => i.Languages.Count > 1);
        Assert.Contains(results, i => i.Accessibility.Count > 0);
        foreach (var item in results)
        {
            var listing = Demo.Listings.Single(l => l.Id == item.Id);
            Assert.Equal(listing.Languages, item.Languages);
            Assert.Equal(listing.Accessibility.ToHashSet(), item.Accessibility.ToHashSet());
        }
    }

    private async Task<List<DirectoryService.Features.Search.SearchServices.Item>> EveryResult()
    {
        var items = new List<DirectoryService.Features.Search.SearchServices.Item>();
        for (var page = 1; ; page++)
        {
            var result = await fixture.Search(new Query(Page: page, PageSize: 50));
            items.AddRange(result.Items);
            if (page * 50 >= result.Total) return items;
        }
    }

    private static Dictionary<Guid, decimal?> DemoPrices()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(DemoDirectory.DataFolder, "portsmouth-north.json")));
        return json.RootElement.GetProperty("services").EnumerateArray().ToDictionary(
            s => BuildingBlocks.Persistence.StableId.From(s.GetProperty("id").GetString()!),
            s => s.GetProperty("cost") is var c && !c.GetProperty("free").GetBoolean() && c.GetProperty("amount").ValueKind == JsonValueKind.Number
                ? c.GetProperty("amount").GetDecimal() : (decimal?)null);
    }
}
