using DirectoryService.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

// Not "Features.Taxonomy": a namespace of that name would hide the Domain.Taxonomy type from every sibling feature namespace.
namespace DirectoryService.Features.Taxonomies;

/// <summary>Every taxonomy with its terms (public): what listings are tagged with and search filters by.</summary>
public static class GetTaxonomy
{
    public sealed record Query : IQuery<IReadOnlyList<TaxonomyView>>;

    public sealed record TaxonomyView(Guid Id, string Name, string? Description, IReadOnlyList<TermView> Terms);

    public sealed record TermView(Guid Id, string Code, string Name, string? Description, Guid? ParentId);

    internal sealed class Handler(DirectoryDb db) : IQueryHandler<Query, IReadOnlyList<TaxonomyView>>
    {
        public async ValueTask<IReadOnlyList<TaxonomyView>> Handle(Query query, CancellationToken cancellationToken)
        {
            var taxonomies = await db.Taxonomies.AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken);
            // Retired terms are no longer offered (GET /taxonomy/tree shows them to curators).
            var terms = await db.TaxonomyTerms.AsNoTracking().Where(t => !t.Retired).OrderBy(t => t.Name).ToListAsync(cancellationToken);
            return [.. taxonomies.Select(t => new TaxonomyView(t.Id, t.Name, t.Description,
                [.. terms.Where(term => term.TaxonomyId == t.Id).Select(term => new TermView(term.Id, term.Code, term.Name, term.Description, term.ParentId))]))];
        }
    }

    internal static async Task<IResult> Endpoint(Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(), cancellationToken));
}
