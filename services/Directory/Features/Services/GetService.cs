using BuildingBlocks.Web;
using Contracts.Directory;
using DirectoryService.Data;
using DirectoryService.Domain;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Services;

public static class GetService
{
    public sealed record Query(Guid Id) : IQuery<Result>;

    public sealed record Result(Guid Id, Guid OrganisationId, string OrganisationName, string Name, string? Description,
        ServiceStatus Status, ReferralAcceptance AcceptingReferrals);

    internal sealed class Handler(DirectoryDb db) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken) =>
            await db.Services.AsNoTracking()
                .Where(s => s.Id == query.Id && s.Status != ServiceStatus.Removed)
                .Select(s => new Result(s.Id, s.OrganisationId, s.Organisation.Name, s.Name, s.Description, s.Status, s.Capacity.AcceptingReferrals))
                .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Service", query.Id);
    }

    internal static async Task<IResult> Endpoint(Guid id, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(id), cancellationToken));
}
