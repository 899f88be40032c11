using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Domain;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Organisations;

/// <summary>An organisation's public details and its published listings; and the list of organisations.</summary>
public static class GetOrganisation
{
    public sealed record Query(Guid Id) : IQuery<Result>;

    public sealed record ListQuery : IQuery<IReadOnlyList<Summary>>;

    public sealed record Result(Guid Id, string Name, string? Description, string? Email, string? Website, string? Phone,
        IReadOnlyList<ServiceRef> Services);

    public sealed record ServiceRef(Guid Id, string Name, ServiceStatus Status);

    public sealed record Summary(Guid Id, string Name);

    internal sealed class Handler(DirectoryDb db) : IQueryHandler<Query, Result>, IQueryHandler<ListQuery, IReadOnlyList<Summary>>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var o = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == query.Id, cancellationToken)
                    ?? throw new NotFoundException("Organisation", query.Id);
            var services = await db.Services.AsNoTracking()
                .Where(s => s.OrganisationId == o.Id && (s.Status == ServiceStatus.Active || s.Status == ServiceStatus.Suspended))
                .OrderBy(s => s.Name).Select(s => new ServiceRef(s.Id, s.Name, s.Status)).ToListAsync(cancellationToken);
            return new Result(o.Id, o.Name, o.Description, o.Email, o.Website, o.Phone, services);
        }

        public async ValueTask<IReadOnlyList<Summary>> Handle(ListQuery query, CancellationToken cancellationToken) =>
            await db.Organisations.AsNoTracking().OrderBy(o => o.Name).Select(o => new Summary(o.Id, o.Name)).ToListAsync(cancellationToken);
    }

    internal static async Task<IResult> Endpoint(Guid id, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(id), cancellationToken));

    internal static async Task<IResult> List(Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new ListQuery(), cancellationToken));
}
