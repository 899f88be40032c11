using DirectoryService.Data;
using DirectoryService.Search;
using DirectoryService.Search.Semantic;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Search.Semantic;

/// <summary>
/// The demo listings' embeddings ship with the demo data, so no host embeds them at start. Stale vectors would not be
/// wrong (they are looked up by text and model) but every host would again spend its CPU embedding the demo.
/// </summary>
public sealed class ShippedVectorsTests(SqliteDemoSearchFixture fixture) : IClassFixture<SqliteDemoSearchFixture>
{
    private static readonly MiniLmEmbedder Model = new();

    [Fact]
    public async Task Every_demo_listing_has_a_shipped_vector_under_the_model_in_use()
    {
        var documents = await DemoDocumentsAsync();

        Assert.True(documents.Count > 100, $"{documents.Count} demo listings");
        var missing = documents.Where(d => !ShippedVectors.TryGet(SearchIndexer.VectorKey(Model.Model, d.MeaningText), out _)).Select(d => d.Name).ToList();
        Assert.True(missing.Count == 0,
            $"no shipped vector for {string.Join(", ", missing)}: run `dotnet run --project bench/SearchBench -c Release -- demo-vectors`");
    }

    [Fact]
    public async Task A_shipped_vector_is_what_the_model_makes_of_the_listing()
    {
        var document = (await DemoDocumentsAsync()).OrderBy(d => d.Id).First();
        Assert.True(ShippedVectors.TryGet(SearchIndexer.VectorKey(Model.Model, document.MeaningText), out var shipped));

        var computed = Model.Embed([document.MeaningText])[0];

        var cosine = shipped.Zip(computed, (a, b) => a * b).Sum();
        Assert.InRange(cosine, 0.9999f, 1.0001f);
    }

    private async Task<List<SearchDocument>> DemoDocumentsAsync()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
        return await scope.ServiceProvider.GetRequiredService<SearchIndexer>().DocumentsAsync(db.Services, CancellationToken.None);
    }
}
