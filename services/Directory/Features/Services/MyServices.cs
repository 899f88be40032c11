using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Features.Freshness;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Services;

/// <summary>
/// Provider staff's own organisation's listings, including pending ones, with what needs their attention and when
/// each runs (the listings page says it in plain English).
/// </summary>
public static class MyServices
{
    public sealed record Query : IQuery<IReadOnlyList<Item>>;

    public sealed record Item(Guid Id, string Name, ServiceStatus Status, int Version, Capacity Capacity,
        DateTimeOffset LastVerified, bool Stale, bool DueForConfirmation, bool HasPendingChange, DateTimeOffset UpdatedAt,
        IReadOnlyList<Schedule> Schedules);

    internal sealed class Handler(DirectoryDb db, CurrentUser user, TimeProvider clock, FreshnessSettings freshness)
        : IQueryHandler<Query, IReadOnlyList<Item>>
    {
        public async ValueTask<IReadOnlyList<Item>> Handle(Query query, CancellationToken cancellationToken)
        {
            var organisationId = user.OrganisationId ?? throw new ForbiddenException("Only provider staff have their own listings.");
            var services = await db.Services.AsNoTracking()
                .Where(s => s.OrganisationId == organisationId && s.Status != ServiceStatus.Removed)
                .OrderBy(s => s.Name).ToListAsync(cancellationToken);
            var ids = services.Select(s => s.Id).ToList();
            var pending = await db.ListingChanges.Where(c => ids.Contains(c.ServiceId) && c.Decision == ChangeDecision.Pending)
                .Select(c => c.ServiceId).Distinct().ToListAsync(cancellationToken);
            var now = clock.GetUtcNow();
            return [.. services.Select(s => new Item(s.Id, s.Name, s.Status, s.Version, s.Capacity, s.LastVerifiedAt,
                s.IsPublished && s.IsStale(now, freshness.VerifyEvery),
                s.IsPublished && s.IsDueForConfirmation(now, freshness.VerifyEvery, freshness.RemindBefore),
                pending.Contains(s.Id), s.UpdatedAt, s.Schedules))];
        }
    }

    internal static async Task<IResult> Endpoint(Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(), cancellationToken));
}
