using BuildingBlocks.Persistence;

namespace DirectoryService.Data.Seed;

/// <summary>
/// What every installation starts with, added at migration time: the taxonomy and the shipped vocabulary. Replicas
/// starting together take turns, so the second finds the rows the first added rather than adding them again and
/// failing its start on their keys.
/// </summary>
public static class ReferenceData
{
    public static Task EnsureAsync(DirectoryDb db, TimeProvider clock, CancellationToken cancellationToken) =>
        ReplicaLock.RunAsync(db, "directory-reference-data", async () =>
        {
            await TaxonomySeed.EnsureAsync(db, cancellationToken);
            await VocabularySeed.EnsureAsync(db, clock, cancellationToken);
        }, cancellationToken);
}
