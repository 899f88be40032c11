namespace DirectoryService.Search;

/// <summary>
/// At start: builds the index when it is empty or from another version, before the host serves requests. Then, every
/// few minutes, re-indexes listings whose stored next session has passed, so "this week" and next-session sorting
/// stay right without a clock in the query.
/// </summary>
internal sealed class SearchIndexMaintenance(IServiceScopeFactory scopes, TimeProvider clock, ILogger<SearchIndexMaintenance> logger)
    : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var indexed = await scope.ServiceProvider.GetRequiredService<SearchIndexer>().EnsureCurrentAsync(cancellationToken);
            if (indexed > 0 && logger.IsEnabled(LogLevel.Information)) logger.LogInformation("Search index rebuilt: {Count} listings", indexed);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var backend = scope.ServiceProvider.GetRequiredService<ISearchBackend>();
                var indexer = scope.ServiceProvider.GetRequiredService<SearchIndexer>();
                IReadOnlyList<Guid> due;
                while ((due = await backend.PastNextSessionAsync(clock.GetUtcNow(), 500, stoppingToken)).Count > 0)
                {
                    await indexer.ReindexAsync([.. due], stoppingToken);
                    if (due.Count < 500) break;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Refreshing next sessions in the search index failed; retrying at the next tick");
            }
        }
    }
}
