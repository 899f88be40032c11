using System.Text.Json;
using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Domain;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Services;

/// <summary>A listing's version history (who, what, when, and the listing as it was), newest first, with its proposals.</summary>
public static class GetServiceHistory
{
    public sealed record Query(Guid Id) : IQuery<Result>;

    public sealed record Result(Guid ServiceId, IReadOnlyList<VersionView> Versions, IReadOnlyList<ProposalView> Proposals);

    public sealed record VersionView(int Version, string ChangedBy, DateTimeOffset ChangedAt, string Summary, JsonElement Snapshot);

    public sealed record ProposalView(Guid ChangeId, ChangeKind Kind, string ProposedBy, DateTimeOffset ProposedAt,
        ChangeDecision Decision, string? DecidedBy, DateTimeOffset? DecidedAt, string? Note);

    internal sealed class Handler(DirectoryDb db, CurrentUser user) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var listing = await db.Services.Where(s => s.Id == query.Id).Select(s => new { s.OrganisationId, s.Status })
                              .SingleOrDefaultAsync(cancellationToken)
                          ?? throw new NotFoundException("Service", query.Id);
            if (!user.CanEdit(listing.OrganisationId))
            {
                // As everywhere else, an unpublished listing does not exist for those who may not edit it.
                if (listing.Status is not (ServiceStatus.Active or ServiceStatus.Suspended)) throw new NotFoundException("Service", query.Id);
                throw new ForbiddenException("Only the organisation's own staff or a curator can see a listing's history.");
            }

            var versions = await db.ServiceVersions.AsNoTracking().Where(v => v.ServiceId == query.Id)
                .OrderByDescending(v => v.Version).ToListAsync(cancellationToken);
            var proposals = await db.ListingChanges.AsNoTracking().Where(c => c.ServiceId == query.Id)
                .OrderByDescending(c => c.ProposedAt).ToListAsync(cancellationToken);
            return new Result(query.Id,
                [.. versions.Select(v => new VersionView(v.Version, v.ChangedBy, v.ChangedAt, v.Summary, ListingJson.Element(v.SnapshotJson)))],
                [.. proposals.Select(c => new ProposalView(c.Id, c.Kind, c.ProposedBy, c.ProposedAt, c.Decision, c.DecidedBy, c.DecidedAt, c.DecisionNote))]);
        }
    }

    internal static async Task<IResult> Endpoint(Guid id, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(id), cancellationToken));
}
