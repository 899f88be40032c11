using DirectoryService.Search.Semantic;

namespace Directory.Tests.Search.Semantic;

public sealed class RankFusionTests
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid(), D = Guid.NewGuid();

    [Fact]
    public void A_listing_high_in_both_rankings_beats_one_first_in_only_one()
    {
        var fused = RankFusion.Fuse([A, B], [B, C], lexicalWeight: 1, semanticWeight: 1, k: 60);

        Assert.Equal([B, A, C], fused.Select(f => f.Id));
        Assert.Equal(1.0 / 62 + 1.0 / 61, fused[0].Score, 12);
    }

    [Fact]
    public void Each_ranking_contributes_its_weight_over_k_plus_position()
    {
        var fused = RankFusion.Fuse([A], [C], lexicalWeight: 1, semanticWeight: 2, k: 10);

        Assert.Equal([C, A], fused.Select(f => f.Id));
        Assert.Equal(2.0 / 11, fused[0].Score, 12);
        Assert.Equal(1.0 / 11, fused[1].Score, 12);
    }

    [Fact]
    public void Ties_keep_the_lexical_order_first()
    {
        var fused = RankFusion.Fuse([A, B], [C, D], lexicalWeight: 1, semanticWeight: 1, k: 60);

        Assert.Equal([A, C, B, D], fused.Select(f => f.Id));
    }

    [Fact]
    public void A_lexical_match_beyond_the_list_counts_at_its_given_position_and_only_once()
    {
        var fused = RankFusion.Fuse([A], [D, B], lexicalWeight: 1, semanticWeight: 1, k: 60,
            lexicalPositionsBeyond: new Dictionary<Guid, int> { [B] = 2, [A] = 50 });

        Assert.Equal(1.0 / 62 + 1.0 / 62, fused.Single(f => f.Id == B).Score, 12);
        Assert.Equal(1.0 / 61, fused.Single(f => f.Id == A).Score, 12);
        Assert.Equal(3, fused.Count);
    }

    [Fact]
    public void No_rankings_fuse_to_nothing()
    {
        Assert.Empty(RankFusion.Fuse([], [], 1, 1, 60));
    }
}
