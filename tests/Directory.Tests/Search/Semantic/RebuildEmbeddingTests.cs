using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Search;
using DirectoryService.Search.Semantic;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Search.Semantic;

/// <summary>
/// A rebuild (a new index version, a deployer's reindex) keeps the embeddings of listings whose text is unchanged:
/// at 100,000 listings embedding them all again takes hours. Counted with a stand-in model on each adapter.
/// </summary>
public abstract class RebuildEmbeddingTests(DemoSearchFixture fixture, CountingEmbedder embedder)
{
    private const string Added = "Now also on Saturday mornings.";

    [Fact]
    public async Task A_rebuild_embeds_only_the_listings_whose_text_changed_and_every_listing_keeps_a_vector()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
        var indexer = scope.ServiceProvider.GetRequiredService<SearchIndexer>();
        var backend = scope.ServiceProvider.GetRequiredService<ISearchBackend>();
        var changed = await db.Services.OrderBy(s => s.Id).FirstAsync(s => s.Status == ServiceStatus.Active);
        changed.Apply(changed.Details() with { Description = $"{changed.Description} {Added}" }, DemoSearchFixture.Now);
        await db.SaveChangesAsync();
        SearchIndexer.ForgetRecentVectors(); // what is reused must come from the index, not this process's memory
        var before = embedder.Texts;

        var indexed = await indexer.RebuildAsync(CancellationToken.None);

        Assert.True(indexed > 100, $"{indexed} listings indexed");
        var embedded = Assert.Single(embedder.TextsSince(before));
        Assert.StartsWith(changed.Name, embedded);
        Assert.Contains(Added, embedded);
        Assert.False(await backend.MissingVectorsAsync(CancellationToken.None));

        SearchIndexer.ForgetRecentVectors();
        var again = embedder.Texts;
        await indexer.RebuildAsync(CancellationToken.None);
        Assert.Equal(again, embedder.Texts);
    }
}

/// <summary>A stand-in model: a unit vector from the text's hash, no model loaded; it records what it was asked to embed.</summary>
public sealed class CountingEmbedder : ITextEmbedder
{
    private readonly List<string> _texts = [];

    public int Dimensions => 384;
    public string Model { get; } = $"counting-{Guid.NewGuid():N}";

    public int Texts { get { lock (_texts) return _texts.Count; } }

    /// <summary>The texts embedded after the first <paramref name="count"/>.</summary>
    public IReadOnlyList<string> TextsSince(int count)
    {
        lock (_texts) return [.. _texts.Skip(count)];
    }

    public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts, CancellationToken ct = default)
    {
        lock (_texts) _texts.AddRange(texts);
        return [.. texts.Select(Vector)];
    }

    private float[] Vector(string text)
    {
        var random = new Random(StringComparer.Ordinal.GetHashCode(text));
        var vector = Enumerable.Range(0, Dimensions).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var length = MathF.Sqrt(vector.Sum(v => v * v));
        return [.. vector.Select(v => v / length)];
    }
}

/// <summary>The demo directory with the semantic path on and the counting stand-in as its model.</summary>
public sealed class SqliteCountingEmbedderFixture : SqliteDemoSearchFixture
{
    public CountingEmbedder Embedder { get; } = new();
    protected override bool Semantic => true;
    protected override void Replace(IServiceCollection services) => services.AddSingleton<ITextEmbedder>(Embedder);
}

public sealed class PostgresCountingEmbedderFixture : PostgresDemoSearchFixture
{
    public CountingEmbedder Embedder { get; } = new();
    protected override bool Semantic => true;
    protected override void Replace(IServiceCollection services) => services.AddSingleton<ITextEmbedder>(Embedder);
}

public sealed class SqliteRebuildEmbeddingTests(SqliteCountingEmbedderFixture fixture)
    : RebuildEmbeddingTests(fixture, fixture.Embedder), IClassFixture<SqliteCountingEmbedderFixture>;

public sealed class PostgresRebuildEmbeddingTests(PostgresCountingEmbedderFixture fixture)
    : RebuildEmbeddingTests(fixture, fixture.Embedder), IClassFixture<PostgresCountingEmbedderFixture>;
