using System.Text.Json;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Features.Freshness;
using DirectoryService.Features.Services;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Moderation;

/// <summary>The curators' queue: proposals waiting for a decision (each with what it would change), and stale listings.</summary>
public static class GetModerationQueue
{
    public sealed record Query : IQuery<Result>;

    public sealed record Result(IReadOnlyList<PendingChange> Pending, IReadOnlyList<StaleListing> Stale);

    public sealed record PendingChange(Guid ChangeId, Guid ServiceId, string ServiceName, Guid OrganisationId, string OrganisationName,
        ChangeKind Kind, string ProposedBy, DateTimeOffset ProposedAt, IReadOnlyList<FieldChange> Changes);

    public sealed record FieldChange(string Field, JsonElement? Before, JsonElement After);

    public sealed record StaleListing(Guid ServiceId, string Name, Guid OrganisationId, string OrganisationName,
        ServiceStatus Status, DateTimeOffset LastVerified, int DaysSinceVerified);

    internal sealed class Handler(DirectoryDb db, TimeProvider clock, FreshnessSettings freshness) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var changes = await db.ListingChanges.AsNoTracking().Where(c => c.Decision == ChangeDecision.Pending)
                .OrderBy(c => c.ProposedAt).Take(500).ToListAsync(cancellationToken);
            var ids = changes.Select(c => c.ServiceId).Distinct().ToList();
            var services = await db.Services.AsNoTracking().Include(s => s.Organisation).Where(s => ids.Contains(s.Id))
                .ToDictionaryAsync(s => s.Id, cancellationToken);

            var mappings = await ProposedListing.MappingsAsync(db, changes, cancellationToken);
            var terms = await ProposedListing.LiveTermsAsync(db, cancellationToken);
            // A listing its publisher withdrew waits, with its proposals, until it is restored.
            var pending = changes.Where(c => services.TryGetValue(c.ServiceId, out var s) && s.Status != ServiceStatus.WithdrawnByPublisher).Select(c =>
            {
                var service = services[c.ServiceId];
                return new PendingChange(c.Id, service.Id, service.Name, service.OrganisationId, service.Organisation.Name, c.Kind,
                    c.ProposedBy, c.ProposedAt, Diff(c, ProposedListing.Read(c, mappings, terms), service));
            }).ToList();

            var now = clock.GetUtcNow();
            var staleBefore = now - freshness.VerifyEvery;
            var stale = await db.Services.AsNoTracking()
                .Where(s => (s.Status == ServiceStatus.Active || s.Status == ServiceStatus.Suspended) && s.LastVerifiedAt < staleBefore)
                .OrderBy(s => s.LastVerifiedAt).Take(500)
                .Select(s => new { s.Id, s.Name, s.OrganisationId, OrganisationName = s.Organisation.Name, s.Status, s.LastVerifiedAt })
                .ToListAsync(cancellationToken);
            return new Result(pending, [.. stale.Select(s => new StaleListing(s.Id, s.Name, s.OrganisationId, s.OrganisationName,
                s.Status, s.LastVerifiedAt, (int)(now - s.LastVerifiedAt).TotalDays))]);
        }

        /// <summary>A new listing shows every field it sets; an edit shows every field it carries that would change.</summary>
        private static IReadOnlyList<FieldChange> Diff(ListingChange change, ServiceDetails proposal, Service service)
        {
            var after = proposal.Fields();
            if (change.Kind == ChangeKind.NewListing)
                return [.. after.Select(f => new FieldChange(f.Key, null, ListingJson.Element(f.Value)))];
            var before = service.Details().Fields();
            var carried = change.FieldsCarried;
            return [.. service.Details().ChangedFields(proposal).Where(carried.Contains)
                .Select(f => new FieldChange(f, ListingJson.Element(before[f]), ListingJson.Element(after[f])))];
        }
    }

    internal static async Task<IResult> Endpoint(Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(), cancellationToken));
}
