using BuildingBlocks.Web;
using DirectoryService.Data;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.OpenReferral;

/// <summary>GET /taxonomies/{id} (schema/taxonomy.json).</summary>
public static class GetTaxonomy
{
    public sealed record Query(string Id) : IQuery<OrukTaxonomy>, IOrukByIdQuery;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => Include(new OrukIdRules<Query>());
    }

    internal sealed class Handler(DirectoryDb db) : IQueryHandler<Query, OrukTaxonomy>
    {
        public async ValueTask<OrukTaxonomy> Handle(Query query, CancellationToken cancellationToken)
        {
            var id = Guid.Parse(query.Id);
            var taxonomy = await db.Taxonomies.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken)
                ?? throw new NotFoundException("Taxonomy", query.Id);
            return OrukMapper.Taxonomy(taxonomy);
        }
    }

    internal static async Task<IResult> Endpoint(string id, Sender mediator, CancellationToken cancellationToken) =>
        Results.Json(await mediator.Send(new Query(id), cancellationToken), OrukJson.Options);
}
