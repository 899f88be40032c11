using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using Contracts.Directory;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Features.Services;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Crisis;

/// <summary>A crisis as its banner and the curators' page show it.</summary>
public sealed record CrisisView(Guid Id, string Scope, string PublicNote, string? Alternative, DateTimeOffset StartedAt,
    DateTimeOffset? PlannedEnd, DateTimeOffset? EndedAt, int ListingCount)
{
    public static CrisisView From(Domain.Crisis c) =>
        new(c.Id, c.Scope, c.PublicNote, c.Alternative, c.StartedAt, c.PlannedEnd, c.EndedAt, c.ListingCount);
}

/// <summary>The crises that last now (public: the banner on search results and listings), newest first.</summary>
public static class GetCurrentCrises
{
    public sealed record Query : IQuery<IReadOnlyList<CrisisView>>;

    internal sealed class Handler(DirectoryDb db, TimeProvider clock) : IQueryHandler<Query, IReadOnlyList<CrisisView>>
    {
        public async ValueTask<IReadOnlyList<CrisisView>> Handle(Query query, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            var open = await db.Crises.AsNoTracking().Where(c => c.EndedAt == null).ToListAsync(cancellationToken);
            return [.. open.Where(c => c.IsCurrent(now)).OrderByDescending(c => c.StartedAt).Select(CrisisView.From)];
        }
    }

    internal static async Task<IResult> Endpoint(Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(), cancellationToken));
}

/// <summary>
/// A curator ends a crisis now (before its planned end, or one declared without): every listing it still holds
/// suspended is reinstated (ServiceReinstated each), each with a history entry naming who ended it.
/// </summary>
public static class EndCrisis
{
    public sealed record Command(Guid CrisisId) : ICommand<CrisisResult>;

    internal sealed class Handler(DirectoryDb db, CurrentUser user, TimeProvider clock) : ICommandHandler<Command, CrisisResult>
    {
        public async ValueTask<CrisisResult> Handle(Command command, CancellationToken cancellationToken)
        {
            var crisis = await db.Crises.SingleOrDefaultAsync(c => c.Id == command.CrisisId, cancellationToken)
                         ?? throw new NotFoundException("Crisis", command.CrisisId);
            var now = clock.GetUtcNow();
            if (!crisis.End(now, user.InHistory))
                throw new ConflictException("This crisis has already ended.", new Dictionary<string, object?> { ["endedAt"] = crisis.EndedAt });
            var ids = await CrisisEnding.ReinstateAsync(db, crisis, user.InHistory, "Reinstated: crisis ended by a curator", now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return new CrisisResult(ids.Count, ids);
        }
    }

    internal static async Task<IResult> Endpoint(Guid id, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Command(id), cancellationToken));
}

/// <summary>All crises, current and past, newest first (curators).</summary>
public static class ListCrises
{
    public sealed record Query : IQuery<IReadOnlyList<CrisisView>>;

    internal sealed class Handler(DirectoryDb db) : IQueryHandler<Query, IReadOnlyList<CrisisView>>
    {
        public async ValueTask<IReadOnlyList<CrisisView>> Handle(Query query, CancellationToken cancellationToken) =>
            [.. (await db.Crises.AsNoTracking().OrderByDescending(c => c.StartedAt).Take(100).ToListAsync(cancellationToken)).Select(CrisisView.From)];
    }

    internal static async Task<IResult> Endpoint(Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(), cancellationToken));
}

internal static class CrisisEnding
{
    /// <summary>Reinstates the listings the crisis still holds suspended (a provider's own closure since is its own).</summary>
    public static async Task<List<Guid>> ReinstateAsync(DirectoryDb db, Domain.Crisis crisis, string by, string summary, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var held = await db.Services.Include(s => s.Organisation)
            .Where(s => s.CrisisId == crisis.Id && s.Status == ServiceStatus.Suspended).ToListAsync(cancellationToken);
        foreach (var service in held.Where(s => s.Reinstate(now)))
        {
            ListingRecords.AddVersion(db, service, by, summary, now);
            db.Publish(new ServiceReinstated(service.Id, now), now);
        }
        return [.. held.Select(s => s.Id)];
    }
}
