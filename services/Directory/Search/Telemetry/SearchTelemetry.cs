using System.Threading.Channels;
using Contracts.Directory;
using DirectoryService.Data;

namespace DirectoryService.Search.Telemetry;

/// <summary>
/// Search logs are queued in memory and written in batches off the request path, so a search never waits on (or
/// contends for, on SQLite) a write. A crash loses at most the last second of analytics, which is acceptable.
/// </summary>
public sealed class SearchTelemetry
{
    private readonly Channel<(SearchPerformed Event, SearchQueryLog Log)> _queue = Channel.CreateBounded<(SearchPerformed, SearchQueryLog)>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });

    /// <summary>The log row and the event for insight are written together, the event through the outbox.</summary>
    public void Record(SearchPerformed searched, SearchQueryLog log) => _queue.Writer.TryWrite((searched, log));

    internal ChannelReader<(SearchPerformed Event, SearchQueryLog Log)> Reader => _queue.Reader;
}

internal sealed class SearchTelemetryWriter(SearchTelemetry telemetry, IServiceScopeFactory scopes, ILogger<SearchTelemetryWriter> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await telemetry.Reader.WaitToReadAsync(stoppingToken))
        {
            var batch = new List<(SearchPerformed Event, SearchQueryLog Log)>();
            while (batch.Count < 500 && telemetry.Reader.TryRead(out var search)) batch.Add(search);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
                db.Set<SearchQueryLog>().AddRange(batch.Select(s => s.Log));
                foreach (var (searched, _) in batch) db.Publish(searched, searched.OccurredAt);
                await db.SaveChangesAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not write {Count} search logs", batch.Count);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), stoppingToken);
        }
    }
}
