using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Domain;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Moderation;

/// <summary>
/// One waiting proposal as approving it would leave the listing: the whole listing (<c>details</c>, as a listing body has
/// it, terms merged since taken as their survivors), which a curator may amend and send back with the approval.
/// </summary>
public static class GetProposal
{
    public sealed record Query(Guid ChangeId) : IQuery<Result>;

    public sealed record Result(Guid ChangeId, Guid ServiceId, string ServiceName, string OrganisationName, ChangeKind Kind,
        string ProposedBy, DateTimeOffset ProposedAt, ServiceDetails Details);

    internal sealed class Handler(DirectoryDb db) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var change = await db.ListingChanges.AsNoTracking().SingleOrDefaultAsync(c => c.Id == query.ChangeId, cancellationToken)
                         ?? throw new NotFoundException("Change", query.ChangeId);
            if (change.Decision != ChangeDecision.Pending)
                throw new ConflictException($"This change was already {change.Decision.ToString().ToLowerInvariant()}.");
            var service = await db.Services.AsNoTracking().Include(s => s.Organisation).SingleAsync(s => s.Id == change.ServiceId, cancellationToken);
            var terms = await ProposedListing.LiveTermsAsync(db, cancellationToken);
            // A new listing holds its proposal already; an edit's proposal applies the fields it carries.
            var details = change.Kind == ChangeKind.NewListing
                ? service.Details()
                : service.AsApproved(ProposedListing.Read(change, await ProposedListing.MappingsAsync(db, [change], cancellationToken)),
                    change.FieldsCarried, terms);
            return new Result(change.Id, service.Id, service.Name, service.Organisation.Name, change.Kind, change.ProposedBy,
                change.ProposedAt, details);
        }
    }

    internal static async Task<IResult> Endpoint(Guid changeId, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(changeId), cancellationToken));
}
