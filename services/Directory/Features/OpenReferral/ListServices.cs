using BuildingBlocks.Validation;
using DirectoryService.Data;
using DirectoryService.Search;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.OpenReferral;

/// <summary>
/// GET /services: a page of published services, one-to-one fields only (compiled/service_list.json): by name, or
/// best first when there is a search.
/// </summary>
public static class ListServices
{
    public sealed record Query(OrukParameters Parameters) : IQuery<OrukPage<OrukService>>, IOrukListQuery;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => Include(new OrukParameterRules<Query>());
    }

    internal sealed class Handler(DirectoryDb db, SearchEngine engine) : IQueryHandler<Query, OrukPage<OrukService>>
    {
        public async ValueTask<OrukPage<OrukService>> Handle(Query query, CancellationToken cancellationToken)
        {
            var p = query.Parameters;
            var (services, rank) = await OrukServiceFilter.ApplyAsync(db, engine, p, cancellationToken);
            if (p.Postcode is not null)
            {
                // An extension to the profile: /services within proximity of a postcode, as on /service_at_locations.
                var centre = await OrukServiceFilter.LocateAsync(db, p.Postcode, cancellationToken);
                var near = await ListServiceAtLocations.NearbyAsync(db, services, centre, p.ProximityMetres, cancellationToken);
                var ids = near.Select(n => n.ServiceId).Distinct().ToList();
                services = services.Where(s => ids.Contains(s.Id));
            }

            int total;
            List<Guid> pageIds;
            if (rank is not null)
            {
                // The engine ranked every match; the filters above chose among them, and the page keeps its order.
                var matching = await services.Select(s => s.Id).ToListAsync(cancellationToken);
                total = matching.Count;
                pageIds = [.. matching.OrderBy(id => rank[id]).Skip(Paging.Skip(p.PageNumber, p.PageSize)).Take(p.PageSize)];
            }
            else
            {
                total = await services.CountAsync(cancellationToken);
                pageIds = await services.OrderBy(s => s.Name).ThenBy(s => s.Id)
                    .Skip(Paging.Skip(p.PageNumber, p.PageSize)).Take(p.PageSize).Select(s => s.Id).ToListAsync(cancellationToken);
            }
            var loaded = await db.Services.AsNoTracking().Include(s => s.Organisation).Where(s => pageIds.Contains(s.Id))
                .ToDictionaryAsync(s => s.Id, cancellationToken);
            return OrukPage<OrukService>.Of([.. pageIds.Select(id => OrukMapper.Summary(loaded[id]))], total, p.PageNumber, p.PageSize);
        }
    }

    internal static async Task<IResult> Endpoint([AsParameters] OrukParameters parameters, Sender mediator, CancellationToken cancellationToken) =>
        Results.Json(await mediator.Send(new Query(parameters), cancellationToken), OrukJson.Options);
}
