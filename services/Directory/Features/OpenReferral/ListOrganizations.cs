using BuildingBlocks.Validation;
using DirectoryService.Data;
using DirectoryService.Domain;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.OpenReferral;

/// <summary>
/// GET /organizations: a page of the organisations that run at least one published activity, their own fields only
/// (compiled/organization_list.json), by name. An organisation with nothing published yet is not public. search is a
/// case-insensitive match on the name or description (the search engine indexes activities, not organisations).
/// </summary>
public static class ListOrganizations
{
    public sealed record Query(OrukParameters Parameters) : IQuery<OrukPage<OrukOrganization>>, IOrukListQuery;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => Include(new OrukParameterRules<Query>());
    }

    internal sealed class Handler(DirectoryDb db) : IQueryHandler<Query, OrukPage<OrukOrganization>>
    {
        public async ValueTask<OrukPage<OrukOrganization>> Handle(Query query, CancellationToken cancellationToken)
        {
            var p = query.Parameters;
            var publishing = db.Services.Where(s => s.Status == ServiceStatus.Active || s.Status == ServiceStatus.Suspended)
                .Select(s => s.OrganisationId);
            var organisations = db.Organisations.AsNoTracking().Where(o => publishing.Contains(o.Id));
            if (p.SearchText is { } text)
            {
                var term = text.ToLower();
                organisations = organisations.Where(o => o.Name.ToLower().Contains(term) || (o.Description != null && o.Description.ToLower().Contains(term)));
            }
            var total = await organisations.CountAsync(cancellationToken);
            var page = await organisations.OrderBy(o => o.Name).ThenBy(o => o.Id)
                .Skip(Paging.Skip(p.PageNumber, p.PageSize)).Take(p.PageSize).ToListAsync(cancellationToken);
            return OrukPage<OrukOrganization>.Of([.. page.Select(OrukMapper.Organization)], total, p.PageNumber, p.PageSize);
        }
    }

    internal static async Task<IResult> Endpoint([AsParameters] OrukParameters parameters, Sender mediator, CancellationToken cancellationToken) =>
        Results.Json(await mediator.Send(new Query(parameters), cancellationToken), OrukJson.Options);
}
