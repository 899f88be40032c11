using BuildingBlocks.Web;
using Contracts.Directory;
using Mediator;
using Microsoft.EntityFrameworkCore;
using ReferralsService.Data;
using ReferralsService.Domain;

namespace ReferralsService.Features.ReferrableServices;

/// <summary>Whether a service can take a referral now, as Referrals knows it from Directory events.</summary>
public static class GetReferrableService
{
    public sealed record Query(Guid ServiceId) : IQuery<Result>;

    public sealed record Result(Guid ServiceId, string Name, string OrganisationName, ListingState State,
        ReferralAcceptance AcceptingReferrals, bool AcceptsSelfReferral, string? SuspensionNote, string? Alternative);

    internal sealed class Handler(ReferralsDb db) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken) =>
            await db.ReferrableServices.AsNoTracking()
                .Where(s => s.ServiceId == query.ServiceId)
                .Select(s => new Result(s.ServiceId, s.Name, s.OrganisationName, s.State, s.AcceptingReferrals,
                    s.AcceptsSelfReferral, s.SuspensionNote, s.Alternative))
                .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Referrable service", query.ServiceId);
    }

    internal static async Task<IResult> Endpoint(Guid serviceId, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(serviceId), cancellationToken));
}
