using BuildingBlocks.Web;
using Contracts.Directory;
using DirectoryService.Data;
using DirectoryService.Search.Telemetry;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Search;

/// <summary>
/// POST /api/directory/search/{searchId}/gap: "Tell the hub" after a search that missed (nothing found, or words no
/// listing holds), by anyone who searched. Insight hears of it as <see cref="SearchGapReported"/> and counts it against
/// the search's screened words, so the hub sees which gaps people took the trouble to tell it about. Nothing typed is
/// taken: the search's id is all, and only a search this directory logged as a miss can be reported.
/// </summary>
public static class ReportSearchGap
{
    public sealed record Command(Guid SearchId) : ICommand;

    internal sealed class Handler(DirectoryDb db, TimeProvider clock) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var search = await LoggedAsync(command.SearchId, cancellationToken) ?? throw new NotFoundException("Search", command.SearchId);
            // The page's rule: it offers "Tell the hub" only when its answer said nothing was found, for some words or all.
            if (!search.ZeroResults && search.WordsSaidBack == 0)
                throw new RuleViolationException("This search found what was asked for: there is no gap to report.",
                    new Dictionary<string, string[]> { ["searchId"] = ["Only a search that found nothing, or not every word, can be reported."] });
            var now = clock.GetUtcNow();
            db.Publish(new SearchGapReported(command.SearchId, now), now);
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }

        /// <summary>
        /// The search's log row. Searches are logged in batches a quarter of a second apart (<see cref="SearchTelemetry"/>),
        /// so a report made at once may arrive before its search is written: it is looked for again for up to 2 seconds.
        /// </summary>
        private async Task<SearchQueryLog?> LoggedAsync(Guid searchId, CancellationToken ct)
        {
            for (var attempt = 0; ; attempt++)
            {
                var search = await db.Set<SearchQueryLog>().AsNoTracking().SingleOrDefaultAsync(l => l.Id == searchId, ct);
                if (search is not null || attempt == 8) return search;
                await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            }
        }
    }

    internal static async Task<IResult> Endpoint(Guid searchId, Sender mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new Command(searchId), cancellationToken);
        return Results.Accepted();
    }
}
