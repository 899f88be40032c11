using System.Text.Json;
using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Features.OpenReferral;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Imports;

/// <summary>
/// What curators see of imports: the scheduled feeds with how their last run went (GET /api/directory/import/feeds),
/// the latest runs (GET .../runs, optionally of one feed), and one run's whole report (GET .../runs/{id}).
/// </summary>
public static class ImportHistory
{
    public sealed record Feeds : IQuery<IReadOnlyList<ScheduleFeed.FeedView>>;

    public sealed record Runs(Guid? FeedId) : IQuery<IReadOnlyList<RunView>>;

    public sealed record Run(Guid Id) : IQuery<RunReport>;

    public sealed record RunView(Guid Id, Guid? FeedId, string Source, string? Publisher, DateTimeOffset StartedAt, DateTimeOffset FinishedAt,
        string Outcome, string? Error, int Created, int Updated, int Unchanged, int Rejected, int Withdrawn, int Restored);

    public sealed record RunReport(RunView Run, JsonElement? Report);

    internal sealed class Handler(DirectoryDb db)
        : IQueryHandler<Feeds, IReadOnlyList<ScheduleFeed.FeedView>>, IQueryHandler<Runs, IReadOnlyList<RunView>>, IQueryHandler<Run, RunReport>
    {
        public async ValueTask<IReadOnlyList<ScheduleFeed.FeedView>> Handle(Feeds query, CancellationToken cancellationToken) =>
            [.. (await db.Set<ScheduledFeed>().AsNoTracking().OrderBy(f => f.Url).ToListAsync(cancellationToken)).Select(ScheduleFeed.FeedView.Of)];

        public async ValueTask<IReadOnlyList<RunView>> Handle(Runs query, CancellationToken cancellationToken)
        {
            var runs = db.Set<ImportRun>().AsNoTracking();
            if (query.FeedId is { } feedId) runs = runs.Where(r => r.FeedId == feedId);
            return [.. (await runs.OrderByDescending(r => r.StartedAt).Take(100).ToListAsync(cancellationToken)).Select(View)];
        }

        public async ValueTask<RunReport> Handle(Run query, CancellationToken cancellationToken)
        {
            var run = await db.Set<ImportRun>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == query.Id, cancellationToken)
                      ?? throw new NotFoundException("Import run", query.Id);
            return new RunReport(View(run), run.ReportJson is null ? null : JsonSerializer.Deserialize<JsonElement>(run.ReportJson));
        }

        private static RunView View(ImportRun r) => new(r.Id, r.FeedId, r.Source, r.Publisher, r.StartedAt, r.FinishedAt, r.Outcome, r.Error,
            r.Created, r.Updated, r.Unchanged, r.Rejected, r.Withdrawn, r.Restored);
    }

    internal static async Task<IResult> ListFeeds(Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Feeds(), cancellationToken));

    internal static async Task<IResult> ListRuns(Guid? feedId, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Runs(feedId), cancellationToken));

    internal static async Task<IResult> GetRun(Guid id, Sender mediator, CancellationToken cancellationToken) =>
        Results.Ok(await mediator.Send(new Run(id), cancellationToken));
}
