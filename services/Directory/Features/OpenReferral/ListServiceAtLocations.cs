using BuildingBlocks.Validation;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Search;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.OpenReferral;

/// <summary>
/// GET /service_at_locations: a page of (published service, location) pairs (compiled/service_at_location_list.json),
/// with the service filters, and postcode + proximity: nearest first from the postcode's centroid, and only those
/// within proximity metres when it is given. Otherwise by service name, or with a search, by the services' rank.
/// </summary>
public static class ListServiceAtLocations
{
    public sealed record Query(OrukParameters Parameters) : IQuery<OrukPage<OrukServiceAtLocation>>, IOrukListQuery;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => Include(new OrukParameterRules<Query>());
    }

    public sealed record Nearby(Guid Id, Guid ServiceId, double Metres);

    internal sealed class Handler(DirectoryDb db, SearchEngine engine) : IQueryHandler<Query, OrukPage<OrukServiceAtLocation>>
    {
        public async ValueTask<OrukPage<OrukServiceAtLocation>> Handle(Query query, CancellationToken cancellationToken)
        {
            var p = query.Parameters;
            var (services, rank) = await OrukServiceFilter.ApplyAsync(db, engine, p, cancellationToken);
            var links = from link in db.Set<ServiceAtLocation>()
                        join service in services on link.ServiceId equals service.Id
                        join location in db.Locations on link.LocationId equals location.Id
                        select new { link, service, location };

            int total;
            List<Guid> pageIds;
            if (p.Postcode is not null)
            {
                var centre = await OrukServiceFilter.LocateAsync(db, p.Postcode, cancellationToken);
                var near = await NearbyAsync(db, services, centre, p.ProximityMetres, cancellationToken);
                total = near.Count;
                pageIds = [.. near.Skip(Paging.Skip(p.PageNumber, p.PageSize)).Take(p.PageSize).Select(n => n.Id)];
            }
            else if (rank is not null)
            {
                var matching = await links.Select(x => new { x.link.Id, x.link.ServiceId, LocationName = x.location.Name }).ToListAsync(cancellationToken);
                total = matching.Count;
                pageIds = [.. matching.OrderBy(x => rank[x.ServiceId]).ThenBy(x => x.LocationName, StringComparer.Ordinal).ThenBy(x => x.Id)
                    .Skip(Paging.Skip(p.PageNumber, p.PageSize)).Take(p.PageSize).Select(x => x.Id)];
            }
            else
            {
                total = await links.CountAsync(cancellationToken);
                pageIds = await links.OrderBy(x => x.service.Name).ThenBy(x => x.location.Name).ThenBy(x => x.link.Id)
                    .Skip(Paging.Skip(p.PageNumber, p.PageSize)).Take(p.PageSize).Select(x => x.link.Id).ToListAsync(cancellationToken);
            }

            var rows = await links.Where(x => pageIds.Contains(x.link.Id))
                .Select(x => new { x.link, x.service, x.location, organisation = x.service.Organisation })
                .ToListAsync(cancellationToken);
            var byId = rows.ToDictionary(r => r.link.Id);
            var contents = pageIds.Select(id => byId[id])
                .Select(r => OrukMapper.ServiceAtLocation(r.link, r.service, r.organisation, r.location, catalogue: null))
                .ToList();
            return OrukPage<OrukServiceAtLocation>.Of(contents, total, p.PageNumber, p.PageSize);
        }
    }

    /// <summary>The links of the filtered services whose location is within <paramref name="metres"/> (any, if null), nearest first.</summary>
    public static async Task<List<Nearby>> NearbyAsync(DirectoryDb db, IQueryable<Service> services, Postcode centre, double? metres,
        CancellationToken cancellationToken)
    {
        var candidates = from link in db.Set<ServiceAtLocation>()
                         join service in services on link.ServiceId equals service.Id
                         join location in db.Locations on link.LocationId equals location.Id
                         where location.Latitude != null && location.Longitude != null
                         select new { link.Id, link.ServiceId, Latitude = location.Latitude!.Value, Longitude = location.Longitude!.Value };
        if (metres is { } radius)
        {
            // Only places inside the circle's bounding box are loaded; the exact distance below trims the corners.
            var (minLat, maxLat, minLon, maxLon) = SearchVocabulary.BoundingBox(centre.Latitude, centre.Longitude, radius / 1000);
            candidates = candidates.Where(l => l.Latitude >= minLat && l.Latitude <= maxLat && l.Longitude >= minLon && l.Longitude <= maxLon);
        }
        var located = await candidates.ToListAsync(cancellationToken);
        return [.. located
            .Select(l => new Nearby(l.Id, l.ServiceId, OrukServiceFilter.DistanceMetres(centre.Latitude, centre.Longitude, l.Latitude, l.Longitude)))
            .Where(n => metres is null || n.Metres <= metres)
            .OrderBy(n => n.Metres).ThenBy(n => n.Id)];
    }

    internal static async Task<IResult> Endpoint([AsParameters] OrukParameters parameters, Sender mediator, CancellationToken cancellationToken) =>
        Results.Json(await mediator.Send(new Query(parameters), cancellationToken), OrukJson.Options);
}
