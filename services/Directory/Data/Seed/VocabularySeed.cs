using BuildingBlocks.Persistence;
using DirectoryService.Domain;
using DirectoryService.Search;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Data.Seed;

/// <summary>
/// The shipped vocabulary (Search/synonyms.txt) copied into an empty rules table at migration time, so a new
/// installation, an existing one upgrading, and the demo all start with the rules search had before curators could
/// edit them. Only into an empty table: once curators keep the rules, the file is not read again (a table emptied on
/// purpose is filled again at the next start, as the file's rules are the default).
/// </summary>
public static class VocabularySeed
{
    public const string ShippedBy = "the shipped list (synonyms.txt)";

    public static async Task EnsureAsync(DirectoryDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.VocabularyRules.AnyAsync(cancellationToken)) return;
        var now = clock.GetUtcNow();
        // Stable ids: two replicas seeding at once collide on the key rather than both adding every rule.
        foreach (var rule in Synonyms.Parse(Synonyms.ShippedLines()))
            db.VocabularyRules.Add(new VocabularyRule(rule.Kind, rule.Typed, rule.AlsoFinds, null, ShippedBy, now,
                StableId.From($"vocabulary-{VocabularyRule.Normalise(rule.Typed[0])}")));
        await db.SaveChangesAsync(cancellationToken);
    }
}
