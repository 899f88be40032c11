using DirectoryService.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Query = DirectoryService.Features.Search.SearchServices.Query;

namespace Directory.Tests.Search.Semantic;

/// <summary>
/// A search embeds its query once (started while the database answers the text path), however many steps read the
/// vector: the nearest listings, and the meaning check of listings found only by any one word. Counted with the
/// stand-in model and the query-vector cache off, so every search must embed afresh.
/// </summary>
public sealed class QueryEmbeddingTests(SqliteCountingEmbedderFixture fixture) : IClassFixture<SqliteCountingEmbedderFixture>
{
    [Theory]
    [InlineData("lunch club")]
    [InlineData("karate or judo for my 10 year old")] // found by any one word: its listings' meaning is checked too
    public async Task A_search_embeds_its_query_once(string typed)
    {
        var options = fixture.Services.GetRequiredService<IOptions<SearchOptions>>().Value.Semantic;
        options.CacheQueryVectors = false;
        try
        {
            var before = fixture.Embedder.Texts;

            await fixture.Search(new Query(Q: typed));

            var embedded = Assert.Single(fixture.Embedder.TextsSince(before));
            Assert.StartsWith(typed.Split(' ')[0], embedded);
        }
        finally
        {
            options.CacheQueryVectors = true;
        }
    }
}
