using BuildingBlocks.Validation;
using DirectoryService.Data;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.OpenReferral;

/// <summary>GET /taxonomy_terms: a page of terms (schema/taxonomy_term.json), with their taxonomy's name and id.</summary>
public static class ListTaxonomyTerms
{
    public sealed record Query(OrukParameters Parameters) : IQuery<OrukPage<OrukTaxonomyTerm>>, IOrukListQuery;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => Include(new OrukParameterRules<Query>());
    }

    internal sealed class Handler(DirectoryDb db) : IQueryHandler<Query, OrukPage<OrukTaxonomyTerm>>
    {
        public async ValueTask<OrukPage<OrukTaxonomyTerm>> Handle(Query query, CancellationToken cancellationToken)
        {
            var p = query.Parameters;
            var taxonomies = await db.Taxonomies.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken);
            var total = await db.TaxonomyTerms.CountAsync(cancellationToken);
            var page = await db.TaxonomyTerms.AsNoTracking().OrderBy(t => t.Name).ThenBy(t => t.Id)
                .Skip(Paging.Skip(p.PageNumber, p.PageSize)).Take(p.PageSize).ToListAsync(cancellationToken);
            return OrukPage<OrukTaxonomyTerm>.Of([.. page.Select(t => OrukMapper.Term(t, taxonomies.GetValueOrDefault(t.TaxonomyId)))],
                total, p.PageNumber, p.PageSize);
        }
    }

    internal static async Task<IResult> Endpoint([AsParameters] OrukParameters parameters, Sender mediator, CancellationToken cancellationToken) =>
        Results.Json(await mediator.Send(new Query(parameters), cancellationToken), OrukJson.Options);
}
