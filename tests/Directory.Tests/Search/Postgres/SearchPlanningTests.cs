using DirectoryService.Data;
using DirectoryService.Search;
using DirectoryService.Search.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Search.Postgres;

/// <summary>
/// The search statements are prepared, and planned once per connection rather than at each run (PostgreSQL would
/// re-plan the by-id reads each time: PostgresSearchStatement), without changing how anything else on the pooled
/// connection is planned.
/// </summary>
public sealed class SearchPlanningTests(PostgresDemoSearchFixture fixture) : IClassFixture<PostgresDemoSearchFixture>
{
    [Fact]
    public async Task A_search_statement_run_again_is_not_planned_again_and_the_connection_plans_as_before()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
        var backend = scope.ServiceProvider.GetRequiredService<ISearchBackend>();
        var text = TextQuery.Plan("lunch club", scope.ServiceProvider.GetRequiredService<Synonyms>())!;
        var byIds = SearchCriteria.ByText(text, DemoSearchFixture.Now.AddDays(-365), DemoSearchFixture.Now) with
        {
            OnlyIds = [.. fixture.Demo.Listings.Take(3).Select(l => l.Id)], Near = new GeoFilter(50.845, -1.066, 5), PageSize = 3,
        };

        // Prepared from its second run (DatabaseSetup); left to choose, PostgreSQL plans its first five runs anew.
        for (var run = 0; run < 8; run++) await backend.SearchAsync(byIds, CancellationToken.None);

        var plans = await db.Database.SqlQueryRaw<PreparedPlans>(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%search_docs d WHERE d.id = ANY(%'")
            .ToListAsync();
        Assert.NotEmpty(plans);
        Assert.All(plans, p => Assert.Equal(0L, p.CustomPlans));
        Assert.Contains(plans, p => p.GenericPlans > 0);
        Assert.Equal("auto", await PlanCacheMode(db));
    }

    [Fact]
    public async Task A_search_statement_that_fails_leaves_the_connection_planning_as_before()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
        await db.Database.OpenConnectionAsync();

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => db.Database.ExecuteSqlRawAsync(PostgresSearchStatement.PlannedOnce("SELECT 1 / 0")));

        Assert.Equal("auto", await PlanCacheMode(db));
    }

    private static Task<string> PlanCacheMode(DirectoryDb db) =>
        db.Database.SqlQueryRaw<string>("SELECT current_setting('plan_cache_mode') AS \"Value\"").SingleAsync();

    private sealed record PreparedPlans(long GenericPlans, long CustomPlans);
}
