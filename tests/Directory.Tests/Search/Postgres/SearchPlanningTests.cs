using System.Data.Common;
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

        var connection = db.Database.GetDbConnection();
        var plans = await Rows(connection,
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%search_docs d WHERE d.id = ANY(%'");
        Assert.NotEmpty(plans);
        Assert.All(plans, p => Assert.Equal(0L, (long)p[1]));
        Assert.Contains(plans, p => (long)p[0] > 0);
        Assert.Equal("auto", (string)(await Rows(connection, "SELECT current_setting('plan_cache_mode')")).Single()[0]);
    }

    [Fact]
    public async Task A_search_statement_that_fails_leaves_the_connection_planning_as_before()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => Rows(connection, PostgresSearchStatement.PlannedOnce("SELECT 1 / 0")));

        Assert.Equal("auto", (string)(await Rows(connection, "SELECT current_setting('plan_cache_mode')")).Single()[0]);
    }

    private static async Task<List<object[]>> Rows(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }
}
