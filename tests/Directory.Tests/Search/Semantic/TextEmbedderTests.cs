using DirectoryService.Search.Semantic;

namespace Directory.Tests.Search.Semantic;

/// <summary>
/// A query's vector is cached under the model's canonical form of its text, so "Lunch Club" and "lunch  club" share
/// one entry: that is only right while the model embeds every text to the same vector as its canonical form.
/// </summary>
public sealed class TextEmbedderTests
{
    private static readonly MiniLmEmbedder Model = new();

    [Theory]
    [InlineData("Lunch  Club", "lunch club")]
    [InlineData("My dad has PARKINSONS", "my dad has parkinsons")]
    [InlineData(" CAFÉ  for carers ", "café for carers")]
    public void Texts_that_differ_in_case_and_spacing_have_one_canonical_form_and_embed_alike(string typed, string canonical)
    {
        Assert.Equal(canonical, Model.Canonical(typed));

        var vectors = Model.Embed([typed, canonical]);

        Assert.InRange(SemanticIndex.Dot(vectors[0], vectors[1]), 0.9999f, 1.0001f);
    }

    [Fact]
    public void What_the_model_tells_apart_is_kept_in_the_canonical_form()
    {
        Assert.Equal("parkinson's, café\tfor", Model.Canonical("Parkinson's, Café\tfor"));

        var vectors = Model.Embed(["cafe\tfor carers", "cafe for carers"]);

        Assert.True(SemanticIndex.Dot(vectors[0], vectors[1]) < 0.99f, "a tab is a word piece of its own to the model");
    }

    [Fact]
    public void A_text_longer_than_the_model_reads_is_cut_after_its_first_256_word_pieces()
    {
        var pieces = string.Join(' ', Enumerable.Range(0, 300).Select(i => i % 10)); // one word piece a digit
        var vectors = Model.Embed([pieces, pieces + " lunch club for older men"]);

        Assert.InRange(SemanticIndex.Dot(vectors[0], vectors[1]), 0.9999f, 1.0001f);
    }
}
