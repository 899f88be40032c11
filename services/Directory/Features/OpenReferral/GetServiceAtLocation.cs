using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Domain;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.OpenReferral;

/// <summary>
/// GET /service_at_locations/{id}: one service at one location, fully nested (compiled/service_at_location.json:
/// the location with its address and accessibility, and the full service).
/// </summary>
public static class GetServiceAtLocation
{
    public sealed record Query(string Id) : IQuery<OrukServiceAtLocation>, IOrukByIdQuery;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => Include(new OrukIdRules<Query>());
    }

    internal sealed class Handler(DirectoryDb db) : IQueryHandler<Query, OrukServiceAtLocation>
    {
        public async ValueTask<OrukServiceAtLocation> Handle(Query query, CancellationToken cancellationToken)
        {
            var id = Guid.Parse(query.Id);
            var service = await db.Services.AsNoTracking().Include(s => s.Organisation)
                .Where(s => s.Locations.Any(l => l.Id == id) && (s.Status == ServiceStatus.Active || s.Status == ServiceStatus.Suspended))
                .SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("Service at location", query.Id);
            var catalogue = await OrukCatalogue.LoadAsync(db, [service], cancellationToken);
            var link = service.Locations.Single(l => l.Id == id);
            return OrukMapper.ServiceAtLocation(link, service, service.Organisation, catalogue.Locations[link.LocationId], catalogue);
        }
    }

    internal static async Task<IResult> Endpoint(string id, Sender mediator, CancellationToken cancellationToken) =>
        Results.Json(await mediator.Send(new Query(id), cancellationToken), OrukJson.Options);
}
