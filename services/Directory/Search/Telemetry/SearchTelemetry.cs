using System.Threading.Channels;
using DirectoryService.Data;

namespace DirectoryService.Search.Telemetry;

/// <summary>
/// Search logs are queued in memory and written in batches off the request path, so a search never waits on (or
/// contends for, on SQLite) a write. A crash loses at most the last second of analytics, which is acceptable.
/// </summary>
public sealed class SearchTelemetry
{
    private readonly Channel<SearchQueryLog> _queue = Channel.CreateBounded<SearchQueryLog>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });

    public void Record(SearchQueryLog log) => _queue.Writer.TryWrite(log);

    internal ChannelReader<SearchQueryLog> Reader => _queue.Reader;
}

internal sealed class SearchTelemetryWriter(SearchTelemetry telemetry, IServiceScopeFactory scopes, ILogger<SearchTelemetryWriter> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await telemetry.Reader.WaitToReadAsync(stoppingToken))
        {
            var batch = new List<SearchQueryLog>();
            while (batch.Count < 500 && telemetry.Reader.TryRead(out var log)) batch.Add(log);
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
                db.Set<SearchQueryLog>().AddRange(batch);
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
