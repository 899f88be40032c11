using System.Text.Json;
using BuildingBlocks.Web;
using DirectoryService.Data;

namespace DirectoryService.Features.OpenReferral;

/// <summary>
/// Runs one import and keeps it as an <see cref="ImportRun"/> with its report, or, for a scheduled feed, with the
/// reason it failed.
/// </summary>
public sealed class ImportRecorder(DirectoryDb db, OrukImporter importer, TimeProvider clock)
{
    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web);

    public async Task<ImportReport> RunAsync(Guid? feedId, string source, Func<Task<OrukFeed>> read, CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        try
        {
            return await ImportAsync(feedId, source, await read(), cancellationToken, started);
        }
        catch (Exception e) when (feedId is not null && e is (RuleViolationException or HttpRequestException or JsonException))
        {
            // A curator's import answers its failure (422) and changes nothing; a scheduled one has nobody to answer, so
            // the failed run is kept. What was staged before the failure is not saved.
            db.ChangeTracker.Clear();
            db.Add(new ImportRun(feedId, source, started, clock.GetUtcNow(), null, null, e.Message));
            await db.SaveChangesAsync(cancellationToken);
            throw;
        }
    }

    public async Task<ImportReport> ImportAsync(Guid? feedId, string source, OrukFeed feed, CancellationToken cancellationToken,
        DateTimeOffset? started = null)
    {
        var startedAt = started ?? clock.GetUtcNow();
        var report = await importer.ImportAsync(feed, ImportFeed.ImportedBy(feed.Publisher), cancellationToken);
        db.Add(new ImportRun(feedId, source, startedAt, clock.GetUtcNow(), report, JsonSerializer.Serialize(report, ReportJson),
            report.Problems.Count > 0 ? string.Join(" ", report.Problems) : null));
        await db.SaveChangesAsync(cancellationToken);
        return report;
    }
}
