using DirectoryService.Data;
using DirectoryService.Search.Telemetry;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Search;

/// <summary>GET /api/directory/search/insights: what people searched for and did not find (curators; unmet need).</summary>
public static class GetSearchInsights
{
    public sealed record Query(int? Days = null) : IQuery<Result>;

    public sealed record Result(DateTimeOffset Since, int Searches, int ZeroResultSearches,
        IReadOnlyList<ZeroResult> ZeroResults, IReadOnlyList<Area> ByArea);

    public sealed record ZeroResult(string? Terms, string? Filters, string? Outcode, string? Ward, int Count, DateTimeOffset LastSeen);

    public sealed record Area(string? Outcode, string? Ward, int Searches, int ZeroResultSearches);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Days).InclusiveBetween(1, 366);
    }

    internal sealed class Handler(DirectoryDb db, TimeProvider clock) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken ct)
        {
            var since = clock.GetUtcNow().AddDays(-(query.Days ?? 30));
            var logs = db.Set<SearchQueryLog>().AsNoTracking().Where(l => l.At >= since);
            var searches = await logs.CountAsync(ct);
            var zero = await logs.CountAsync(l => l.ZeroResults, ct);
            var zeroResults = await logs.Where(l => l.ZeroResults)
                .GroupBy(l => new { l.Terms, l.Filters, l.Outcode, l.Ward })
                .Select(g => new { g.Key, Count = g.Count(), LastSeen = g.Max(l => l.At) })
                .OrderByDescending(z => z.Count).Take(100).ToListAsync(ct);
            var byArea = await logs.GroupBy(l => new { l.Outcode, l.Ward })
                .Select(g => new { g.Key, Searches = g.Count(), Zero = g.Count(l => l.ZeroResults) })
                .OrderByDescending(a => a.Searches).Take(100).ToListAsync(ct);
            return new Result(since, searches, zero,
                [.. zeroResults.Select(z => new ZeroResult(z.Key.Terms, z.Key.Filters, z.Key.Outcode, z.Key.Ward, z.Count, z.LastSeen))],
                [.. byArea.Select(a => new Area(a.Key.Outcode, a.Key.Ward, a.Searches, a.Zero))]);
        }
    }

    internal static async Task<IResult> Endpoint([AsParameters] Query query, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(query, cancellationToken));
}
