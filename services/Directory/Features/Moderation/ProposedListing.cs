using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Features.OpenReferral;
using DirectoryService.Features.Services;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Moderation;

/// <summary>
/// A proposal as it would apply now: an import's proposal carries the publisher's own terms, which take the hub terms
/// curators have mapped them to by the time it is shown or approved (not those mapped when the feed was read).
/// </summary>
public static class ProposedListing
{
    /// <summary>The hub code each publisher term the changes carry is mapped to now (unmapped ones are left out).</summary>
    public static async Task<IReadOnlyDictionary<Guid, string>> MappingsAsync(DirectoryDb db, IEnumerable<ListingChange> changes,
        CancellationToken cancellationToken)
    {
        var ids = changes.SelectMany(c => c.PublisherTermIds ?? []).Distinct().ToList();
        if (ids.Count == 0) return new Dictionary<Guid, string>();
        return await db.Set<PublisherTerm>().AsNoTracking().Where(t => ids.Contains(t.Id) && t.MappedCode != null)
            .ToDictionaryAsync(t => t.Id, t => t.MappedCode!, cancellationToken);
    }

    /// <param name="terms">When given, the proposal's terms as they stand now (one merged since: its survivor).</param>
    public static ServiceDetails Read(ListingChange change, IReadOnlyDictionary<Guid, string> mappings, LiveTerms? terms = null)
    {
        var proposal = ListingJson.Deserialize(change.ProposedDetailsJson).WithDefaults();
        if (change.PublisherTermIds is { Count: > 0 } ids)
            proposal = proposal with
            {
                TaxonomyTerms = [.. proposal.TaxonomyTerms.Concat(ids.Select(mappings.GetValueOrDefault).OfType<string>()).Distinct()],
            };
        return terms is null ? proposal : proposal with { TaxonomyTerms = terms.Current(proposal.TaxonomyTerms) };
    }

    public static async Task<LiveTerms> LiveTermsAsync(DirectoryDb db, CancellationToken cancellationToken) =>
        new(await db.TaxonomyTerms.AsNoTracking().ToListAsync(cancellationToken));
}
