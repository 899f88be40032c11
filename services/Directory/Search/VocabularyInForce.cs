using BuildingBlocks.Hosting;
using DirectoryService.Data;
using DirectoryService.Domain;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Search;

/// <summary>
/// The vocabulary in force in this process: <see cref="Synonyms"/> built from the curators' rules, built again when
/// they change. A curator's change reloads it at once in the process that saved it (<see cref="ReloadAsync"/>); every
/// replica reads the rules every few seconds (<see cref="VocabularyRefresh"/>: a few hundred short rows at most) and
/// builds them again only when a rule's id or change time differs. Search takes the rules in force once per request
/// (a scoped <see cref="Synonyms"/>), so a search is planned with one set throughout and the hot path never waits on
/// a reload. Until the table is first read (or while the database cannot be), the shipped file stands in.
/// Nothing cached depends on the rules: a query's vector is cached by the text embedded, expansions included, and the
/// index's known words do not involve them, so a change needs no cache dropped.
/// </summary>
public sealed class VocabularyInForce
{
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private volatile Loaded _loaded = new(Synonyms.Load(), Stamp: null);

    public Synonyms Current => _loaded.Synonyms;

    /// <summary>Reads the rules and puts them in force.</summary>
    public async Task<int> ReloadAsync(DirectoryDb db, CancellationToken cancellationToken) =>
        await RefreshAsync(db, force: true, cancellationToken);

    /// <summary>Reloads when the rules changed since they were last read; returns how many rules were loaded (0: none changed).</summary>
    public async Task<int> RefreshAsync(DirectoryDb db, bool force, CancellationToken cancellationToken)
    {
        // One reload at a time, each reading after the one before it finished: a slower, older read can never put
        // rules back in force over a newer one.
        await _reloading.WaitAsync(cancellationToken);
        try
        {
            var rules = await db.VocabularyRules.AsNoTracking().ToListAsync(cancellationToken);
            var stamp = new HashCode();
            stamp.Add(rules.Count);
            foreach (var rule in rules.OrderBy(r => r.Id))
            {
                stamp.Add(rule.Id);
                stamp.Add(rule.ChangedAt.UtcTicks);
            }
            var read = stamp.ToHashCode();
            if (!force && _loaded.Stamp == read) return 0;
            _loaded = new Loaded(Synonyms.From(rules), read);
            return rules.Count;
        }
        finally
        {
            _reloading.Release();
        }
    }

    private sealed record Loaded(Synonyms Synonyms, int? Stamp);
}

/// <summary>Every replica's check for curators' changes to the vocabulary (Search:VocabularyRefreshSeconds, default 5).</summary>
public sealed class VocabularyRefresh(VocabularyInForce vocabulary, DirectoryDb db) : ISweep
{
    public Task<int> RunAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        vocabulary.RefreshAsync(db, force: false, cancellationToken);
}
