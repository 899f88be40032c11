using Mediator;
using Microsoft.EntityFrameworkCore;
using ReferralsService.Data;
using ReferralsService.Domain;

namespace ReferralsService.Features.Queries;

/// <summary>Curators' view: counts by status and by service, with no personal data (so no audit entry).</summary>
public static class ReferralStats
{
    public sealed record Query : IQuery<Result>;

    public sealed record Result(int Total, IReadOnlyDictionary<string, int> ByStatus, IReadOnlyList<ServiceCounts> ByService);

    public sealed record ServiceCounts(Guid ServiceId, string ServiceName, int Total, IReadOnlyDictionary<string, int> ByStatus);

    internal sealed class Handler(ReferralsDb db) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var counts = await db.Referrals.AsNoTracking()
                .GroupBy(r => new { r.ServiceId, r.Status })
                .Select(g => new { g.Key.ServiceId, g.Key.Status, Count = g.Count() })
                .ToListAsync(cancellationToken);
            var ids = counts.Select(c => c.ServiceId).Distinct().ToList();
            var names = await db.ReferrableServices.AsNoTracking().Where(s => ids.Contains(s.ServiceId))
                .ToDictionaryAsync(s => s.ServiceId, s => s.Name, cancellationToken);

            var byStatus = Enum.GetValues<ReferralStatus>().ToDictionary(Lifecycle.Kebab,
                s => counts.Where(c => c.Status == s).Sum(c => c.Count));
            var byService = counts.GroupBy(c => c.ServiceId)
                .Select(g => new ServiceCounts(g.Key, names.GetValueOrDefault(g.Key, "(unknown service)"), g.Sum(c => c.Count),
                    g.ToDictionary(c => Lifecycle.Kebab(c.Status), c => c.Count)))
                .OrderByDescending(s => s.Total).ToList();
            return new Result(counts.Sum(c => c.Count), byStatus, byService);
        }
    }

    internal static async Task<IResult> Endpoint(Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Query(), cancellationToken));
}
