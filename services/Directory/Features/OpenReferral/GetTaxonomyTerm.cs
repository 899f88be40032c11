using BuildingBlocks.Web;
using DirectoryService.Data;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.OpenReferral;

/// <summary>GET /taxonomy_terms/{id} (schema/taxonomy_term.json).</summary>
public static class GetTaxonomyTerm
{
    public sealed record Query(string Id) : IQuery<OrukTaxonomyTerm>, IOrukByIdQuery;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => Include(new OrukIdRules<Query>());
    }

    internal sealed class Handler(DirectoryDb db) : IQueryHandler<Query, OrukTaxonomyTerm>
    {
        public async ValueTask<OrukTaxonomyTerm> Handle(Query query, CancellationToken cancellationToken)
        {
            var id = Guid.Parse(query.Id);
            var term = await db.TaxonomyTerms.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken)
                ?? throw new NotFoundException("Taxonomy term", query.Id);
            var taxonomy = await db.Taxonomies.AsNoTracking().Where(t => t.Id == term.TaxonomyId).Select(t => t.Name)
                .SingleOrDefaultAsync(cancellationToken);
            return OrukMapper.Term(term, taxonomy);
        }
    }

    internal static async Task<IResult> Endpoint(string id, Sender mediator, CancellationToken cancellationToken) =>
        Results.Json(await mediator.Send(new Query(id), cancellationToken), OrukJson.Options);
}
