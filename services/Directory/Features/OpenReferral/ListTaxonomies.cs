using BuildingBlocks.Validation;
using DirectoryService.Data;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.OpenReferral;

/// <summary>GET /taxonomies: a page of the vocabularies our listings are tagged with (schema/taxonomy.json).</summary>
public static class ListTaxonomies
{
    public sealed record Query(OrukParameters Parameters) : IQuery<OrukPage<OrukTaxonomy>>, IOrukListQuery;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => Include(new OrukParameterRules<Query>());
    }

    internal sealed class Handler(DirectoryDb db) : IQueryHandler<Query, OrukPage<OrukTaxonomy>>
    {
        public async ValueTask<OrukPage<OrukTaxonomy>> Handle(Query query, CancellationToken cancellationToken)
        {
            var p = query.Parameters;
            var total = await db.Taxonomies.CountAsync(cancellationToken);
            var page = await db.Taxonomies.AsNoTracking().OrderBy(t => t.Name).ThenBy(t => t.Id)
                .Skip(Paging.Skip(p.PageNumber, p.PageSize)).Take(p.PageSize).ToListAsync(cancellationToken);
            return OrukPage<OrukTaxonomy>.Of([.. page.Select(OrukMapper.Taxonomy)], total, p.PageNumber, p.PageSize);
        }
    }

    internal static async Task<IResult> Endpoint([AsParameters] OrukParameters parameters, Sender mediator, CancellationToken cancellationToken) =>
        Results.Json(await mediator.Send(new Query(parameters), cancellationToken), OrukJson.Options);
}
