namespace DirectoryService.Search.Semantic;

/// <summary>
/// Reciprocal rank fusion: each ranking gives a listing weight / (k + position), positions from 1, and the sums
/// order the union. Only positions count, so a text rank and a cosine need no common scale; k damps the head so a
/// listing near the top of both beats one first in only one. Pure: unit-tested.
/// </summary>
public static class RankFusion
{
    public sealed record Fused(Guid Id, double Score);

    /// <param name="lexical">Best first. Listings known to match lexically beyond the list can be given a position.</param>
    /// <param name="semantic">Best first.</param>
    public static IReadOnlyList<Fused> Fuse(IReadOnlyList<Guid> lexical, IReadOnlyList<Guid> semantic, double lexicalWeight,
        double semanticWeight, int k, IReadOnlyDictionary<Guid, int>? lexicalPositionsBeyond = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var scores = new Dictionary<Guid, double>();
        void Add(Guid id, int position, double weight) =>
            scores[id] = scores.GetValueOrDefault(id) + weight / (k + position);
        for (var i = 0; i < lexical.Count; i++) Add(lexical[i], i + 1, lexicalWeight);
        foreach (var (id, position) in lexicalPositionsBeyond ?? new Dictionary<Guid, int>())
            if (!scores.ContainsKey(id)) Add(id, position, lexicalWeight);
        for (var i = 0; i < semantic.Count; i++) Add(semantic[i], i + 1, semanticWeight);
        // Ties keep the lexical order, then the semantic order: a stable sort over lexical-then-semantic first sight.
        var firstSeen = lexical.Concat(semantic).Concat(lexicalPositionsBeyond?.Keys ?? []).Distinct()
            .Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        return [.. scores.OrderByDescending(s => s.Value).ThenBy(s => firstSeen[s.Key]).Select(s => new Fused(s.Key, s.Value))];
    }
}
