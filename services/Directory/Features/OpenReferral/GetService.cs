using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Domain;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.OpenReferral;

/// <summary>GET /services/{id}: one published service, fully nested (compiled/service.json).</summary>
public static class GetService
{
    public sealed record Query(string Id) : IQuery<OrukService>, IOrukByIdQuery;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => Include(new OrukIdRules<Query>());
    }

    internal sealed class Handler(DirectoryDb db) : IQueryHandler<Query, OrukService>
    {
        public async ValueTask<OrukService> Handle(Query query, CancellationToken cancellationToken)
        {
            var id = Guid.Parse(query.Id);
            var service = await db.Services.AsNoTracking().Include(s => s.Organisation)
                .Where(s => s.Id == id && (s.Status == ServiceStatus.Active || s.Status == ServiceStatus.Suspended))
                .SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("Service", query.Id);
            return OrukMapper.Full(service, await OrukCatalogue.LoadAsync(db, [service], cancellationToken));
        }
    }

    internal static async Task<IResult> Endpoint(string id, Sender mediator, CancellationToken cancellationToken) =>
        Results.Json(await mediator.Send(new Query(id), cancellationToken), OrukJson.Options);
}
