using BuildingBlocks.Validation;
using DirectoryService.Data;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.OpenReferral;

/// <summary>GET /services: a page of published services, one-to-one fields only (compiled/service_list.json).</summary>
public static class ListServices
{
    public sealed record Query(OrukParameters Parameters) : IQuery<OrukPage<OrukService>>, IOrukListQuery;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => Include(new OrukParameterRules<Query>());
    }

    internal sealed class Handler(DirectoryDb db) : IQueryHandler<Query, OrukPage<OrukService>>
    {
        public async ValueTask<OrukPage<OrukService>> Handle(Query query, CancellationToken cancellationToken)
        {
            var p = query.Parameters;
            var services = await OrukServiceFilter.ApplyAsync(db, p, cancellationToken);
            if (p.Postcode is not null)
            {
                // An extension to the profile: /services within proximity of a postcode, as on /service_at_locations.
                var centre = await OrukServiceFilter.LocateAsync(db, p.Postcode, cancellationToken);
                var near = await ListServiceAtLocations.NearbyAsync(db, services, centre, p.ProximityMetres, cancellationToken);
                var ids = near.Select(n => n.ServiceId).Distinct().ToList();
                services = services.Where(s => ids.Contains(s.Id));
            }
            var total = await services.CountAsync(cancellationToken);
            var page = await services.Include(s => s.Organisation)
                .OrderBy(s => s.Name).ThenBy(s => s.Id)
                .Skip(Paging.Skip(p.PageNumber, p.PageSize)).Take(p.PageSize)
                .ToListAsync(cancellationToken);
            return OrukPage<OrukService>.Of([.. page.Select(OrukMapper.Summary)], total, p.PageNumber, p.PageSize);
        }
    }

    internal static async Task<IResult> Endpoint([AsParameters] OrukParameters parameters, Sender mediator, CancellationToken cancellationToken) =>
        Results.Json(await mediator.Send(new Query(parameters), cancellationToken), OrukJson.Options);
}
