using BuildingBlocks.Web;
using DirectoryService.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Locations;

/// <summary>Locations are public places; listed by organisation (its own plus shared ones) for choosing them in a listing.</summary>
public static class GetLocations
{
    public sealed record Query(Guid? OrganisationId) : IQuery<IReadOnlyList<SaveLocation.Result>>;

    public sealed record One(Guid Id) : IQuery<SaveLocation.Result>;

    internal sealed class Handler(DirectoryDb db) : IQueryHandler<Query, IReadOnlyList<SaveLocation.Result>>, IQueryHandler<One, SaveLocation.Result>
    {
        public async ValueTask<IReadOnlyList<SaveLocation.Result>> Handle(Query query, CancellationToken cancellationToken)
        {
            var locations = db.Locations.AsNoTracking();
            if (query.OrganisationId is { } org) locations = locations.Where(l => l.OrganisationId == org || l.OrganisationId == null);
            var list = await locations.OrderBy(l => l.Name).Take(1000).ToListAsync(cancellationToken);
            return [.. list.Select(l => new SaveLocation.Result(l.Id, l.OrganisationId, l.Name, l.Address1, l.City, l.Postcode,
                l.Latitude, l.Longitude, l.Ward, l.Accessibility))];
        }

        public async ValueTask<SaveLocation.Result> Handle(One query, CancellationToken cancellationToken)
        {
            var l = await db.Locations.AsNoTracking().SingleOrDefaultAsync(l => l.Id == query.Id, cancellationToken)
                    ?? throw new NotFoundException("Location", query.Id);
            return new SaveLocation.Result(l.Id, l.OrganisationId, l.Name, l.Address1, l.City, l.Postcode, l.Latitude, l.Longitude,
                l.Ward, l.Accessibility);
        }
    }

    internal static async Task<IResult> List(Guid? organisationId, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(organisationId), cancellationToken));

    internal static async Task<IResult> Get(Guid id, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new One(id), cancellationToken));
}
