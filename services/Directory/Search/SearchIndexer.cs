using BuildingBlocks.Time;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Search.Semantic;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DirectoryService.Search;

/// <summary>
/// Keeps the search projection current: loads listings (with organisation, terms, places and schedules), turns them
/// into <see cref="SearchDocument"/>s and hands them to the adapter. Used by the event consumers (one listing), the
/// start-up check (full rebuild when the index is empty or from another version) and the next-session refresher.
/// </summary>
public sealed class SearchIndexer(DirectoryDb db, ISearchBackend backend, TimeProvider clock, ITextEmbedder embedder, IOptions<SearchOptions> options,
    SemanticIndex semanticIndex)
{
    private const int BatchSize = 500;
    public async Task ReindexAsync(IReadOnlyCollection<Guid> serviceIds, CancellationToken ct)
    {
        var documents = await LoadAsync(db.Services.Where(s => serviceIds.Contains(s.Id)), reuseEarlier: false, ct);
        foreach (var gone in serviceIds.Except(documents.Select(d => d.Id))) await backend.RemoveAsync(gone, ct);
        if (documents.Count > 0) await backend.UpsertAsync(documents, ct);
        semanticIndex.IndexedHere();
    }

    /// <summary>Rebuilds when the index is empty or its version changed; returns how many listings were indexed (0 if current).</summary>
    public async Task<int> EnsureCurrentAsync(CancellationToken ct)
    {
        // An index built with the semantic path off has no vectors: turning it on rebuilds once.
        if (!await backend.EnsureIndexAsync(ct) && !(options.Value.Semantic.Enabled && await backend.MissingVectorsAsync(ct))) return 0;
        return await RebuildAsync(ct);
    }

    public async Task<int> RebuildAsync(CancellationToken ct)
    {
        await backend.ResetAsync(ct);
        var count = 0;
        var ids = await db.Services.AsNoTracking().Where(s => s.Status == ServiceStatus.Active || s.Status == ServiceStatus.Suspended)
            .OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(ct);
        foreach (var batch in ids.Chunk(BatchSize))
        {
            var documents = await LoadAsync(db.Services.Where(s => batch.Contains(s.Id)), reuseEarlier: true, ct);
            await backend.UpsertAsync(documents, ct);
            count += documents.Count;
            db.ChangeTracker.Clear();
        }
        await backend.ForgetEarlierVectorsAsync(ct);
        await backend.AnalyzeAsync(ct);
        semanticIndex.IndexedHere();
        return count;
    }

    private async Task<List<SearchDocument>> LoadAsync(IQueryable<Service> services, bool reuseEarlier, CancellationToken ct)
    {
        var documents = await DocumentsAsync(services, ct);
        return options.Value.Semantic.Enabled ? await EmbeddedAsync(documents, reuseEarlier, ct) : documents;
    }

    /// <summary>The searchable listings among <paramref name="services"/> as documents, without their embeddings.</summary>
    public async Task<List<SearchDocument>> DocumentsAsync(IQueryable<Service> services, CancellationToken ct)
    {
        var listings = await services.AsNoTracking().Include(s => s.Organisation)
            .Where(s => s.Status == ServiceStatus.Active || s.Status == ServiceStatus.Suspended).ToListAsync(ct);
        var locationIds = listings.SelectMany(s => s.Locations.Select(l => l.LocationId)).Distinct().ToList();
        var locations = await db.Locations.AsNoTracking().Where(l => locationIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
        // A term's words include those of the terms merged into it, so search by a merged term still finds its listings.
        var termNames = (await db.TaxonomyTerms.AsNoTracking().Select(t => new { t.Code, t.Name, t.AlsoKnownAs }).ToListAsync(ct))
            .ToDictionary(t => t.Code, t => t.AlsoKnownAs is null ? t.Name : $"{t.Name} {t.AlsoKnownAs}");
        var now = clock.GetUtcNow();
        return [.. listings.Select(s => ToDocument(s, [.. s.Locations.Select(l => locations.GetValueOrDefault(l.LocationId)).OfType<Location>()], termNames, now))];
    }

    /// <summary>
    /// Each listing with its embedding, computed here so a consumer stores it in the same transaction as the text. A
    /// text embedded before (lately in this process, shipped with the demo data, or, in a rebuild, stored by the index
    /// it replaces) is not embedded again.
    /// </summary>
    private async Task<List<SearchDocument>> EmbeddedAsync(List<SearchDocument> documents, bool reuseEarlier, CancellationToken ct)
    {
        var keys = documents.Select(d => VectorKey(embedder.Model, d.MeaningText)).ToList();
        var known = new Dictionary<string, float[]>();
        foreach (var key in keys)
            if (Recent.TryGetValue(key, out var vector) || ShippedVectors.TryGet(key, out vector)) known[key] = vector;
        if (reuseEarlier && keys.Where(k => !known.ContainsKey(k)).Distinct().ToList() is { Count: > 0 } unknown)
            foreach (var (key, stored) in await backend.EarlierVectorsAsync(unknown, ct)) known[key] = stored;
        var missing = documents.Select((d, i) => (Key: keys[i], Text: d.MeaningText)).Where(m => !known.ContainsKey(m.Key)).DistinctBy(m => m.Key).ToList();
        var vectors = embedder.Embed([.. missing.Select(m => m.Text)], ct);
        for (var i = 0; i < missing.Count; i++) known[missing[i].Key] = vectors[i];
        if (Recent.Count + known.Count > RecentKept) Recent.Clear();
        foreach (var (key, vector) in known) Recent[key] = vector;
        return [.. documents.Select((d, i) => d with { Vector = known[keys[i]], VectorKey = keys[i] })];
    }

    /// <summary>The model and the text hashed (128 bits): what a stored embedding is looked up by.</summary>
    public static string VectorKey(string model, string text) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{model}\n{text}")), 0, 16);

    /// <summary>
    /// Listings embedded lately in this process, by <see cref="VectorKey"/>: a listing re-indexed unchanged (its next
    /// session passed, its capacity changed) and a rebuild of the same data (every host a test starts) cost no model
    /// call. Bounded: about 2.5 KB a listing, emptied when full.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, float[]> Recent = new();

    /// <summary>Empties <see cref="Recent"/>: a test of what a rebuild reuses from the database must not be answered from memory.</summary>
    public static void ForgetRecentVectors() => Recent.Clear();

    private const int RecentKept = 4096;

    public static SearchDocument ToDocument(Service s, IReadOnlyList<Location> places, IReadOnlyDictionary<string, string> termNames, DateTimeOffset now)
    {
        var codes = s.Terms.Select(t => t.TermCode).OrderBy(c => c).ToList();
        return new SearchDocument(
            s.Id, s.Name, s.Organisation.Name, s.Summary, s.Description,
            string.Join(' ', codes.Select(c => termNames.GetValueOrDefault(c, c))), codes,
            [.. s.Schedules.SelectMany(Slots).Distinct()],
            s.Eligibility.MinimumAge, s.Eligibility.MaximumAge, s.Cost.IsFree, s.Cost.Description,
            SearchVocabulary.Kebab(s.AttendingType.ToString()), s.Capacity.AcceptingReferrals.ToString().ToLowerInvariant(),
            [.. places.Select(p => p.Ward).OfType<string>().Distinct()],
            s.Languages, [.. places.SelectMany(p => p.Accessibility).Distinct()],
            [.. places.Where(p => p.Latitude is not null && p.Longitude is not null).Select(p => new GeoPoint(p.Latitude!.Value, p.Longitude!.Value))],
            s.Status == ServiceStatus.Suspended, s.SuspensionNote, s.SuspensionAlternative, s.LastVerifiedAt, NextSession(s.Schedules, now))
        {
            CostPence = Pence(s.Cost),
            Translated = TranslatedText.From(s.Translations),
        };
    }

    /// <summary>A price in pounds as whole pence (none when free, unpriced, in another currency or out of range).</summary>
    public static int? Pence(Cost cost) =>
        cost is { IsFree: false, Amount: { } amount and > 0 and < 1_000_000 } && (cost.Currency is null || cost.Currency == "GBP")
            ? (int)Math.Round(amount * 100, MidpointRounding.AwayFromZero) : null;

    /// <summary>The next start across the schedules, from local (UK) time; stored in UTC and refreshed when it passes.</summary>
    public static DateTimeOffset? NextSession(IEnumerable<Schedule> schedules, DateTimeOffset now)
    {
        var local = UkTime.Local(now);
        var next = schedules.Select(s => s.NextOccurrence(local)).Where(d => d is not null).Min();
        return next is { } start ? UkTime.Instant(start) : null;
    }

    /// <summary>Which weekdays and hours a schedule runs in (monthly-by-date has no weekday and only counts for "this week").</summary>
    private static IEnumerable<SessionSlot> Slots(Schedule s)
    {
        var opens = s.OpensAt is { } o ? o.Hour * 60 + o.Minute : 0;
        var closes = s.ClosesAt is { } c ? c.Hour * 60 + c.Minute : 24 * 60;
        if (closes <= opens) closes = 24 * 60;
        IEnumerable<DayOfWeek> days = s.Frequency switch
        {
            Frequency.Once when s.Date is { } date => [date.DayOfWeek],
            Frequency.Weekly or Frequency.Monthly => s.ByDay,
            _ => [],
        };
        return days.Select(d => new SessionSlot(d, opens, closes));
    }
}
