using DirectoryService.Search;
using DirectoryService.Search.Postgres;
using DirectoryService.Search.Sqlite;

namespace Directory.Tests.Search;

/// <summary>The statement that ranks every match for a caller that pages them itself (the ORUK feed's search).</summary>
public sealed partial class SearchStatementTests
{
    private static SearchStatement Ranked(string dialect, SearchCriteria criteria) =>
        dialect == "postgres" ? PostgresSearchStatement.Ranked(criteria) : SqliteSearchStatement.Ranked(criteria);

    public static TheoryData<string, string> RankedQueries()
    {
        var data = new TheoryData<string, string>();
        foreach (var dialect in new[] { "postgres", "sqlite" })
            foreach (var query in new[] { "plain", "text", "loose", "verbatim", "filters" })
                data.Add(dialect, query);
        return data;
    }

    [Theory]
    [MemberData(nameof(RankedQueries))]
    public void Ranking_every_match_binds_every_value_as_a_parameter_and_orders_as_a_page_does(string dialect, string query)
    {
        var statement = Ranked(dialect, Query(query));

        Assert.Equal(new SortedSet<string>(statement.Parameters.Keys), Placeholders(statement.Sql));
        foreach (var typed in new[] { "lonely", "befriending", "cosham", "tea dance", "Polish", "wheelchair" })
            Assert.DoesNotContain(typed, statement.Sql, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("ORDER BY score DESC, d.name, d.id", statement.Sql);
        Assert.Contains(StaleDemotion, statement.Sql);
        Assert.DoesNotContain("LIMIT", statement.Sql);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Ranking_every_match_takes_no_place(string dialect)
    {
        Assert.Throws<ArgumentException>(() => Ranked(dialect, Query("radius")));
    }

    [Fact]
    public void Postgres_ranks_every_match_exactly()
    {
        var statement = PostgresSearchStatement.Ranked(Query("text"));

        Assert.Contains("d.tsv @@ (SELECT q FROM query)", statement.Sql);
        Assert.Contains("(ts_rank(d.tsv, (SELECT q FROM query))) * (CASE WHEN d.last_verified < @staleBefore", statement.Sql);
        Assert.DoesNotContain("ts_headline", statement.Sql);
    }

    [Fact]
    public void Sqlite_ranks_every_match_by_bm25_as_a_page_does()
    {
        var statement = SqliteSearchStatement.Ranked(Query("text"));

        Assert.Contains("search_fts MATCH @match", statement.Sql);
        Assert.Contains("-bm25(search_fts, 10.0, 5.0, 4.0, 1.0, 3.0) AS text_rank", statement.Sql);
        Assert.Contains("bm25(search_fts, 10.0, 5.0, 4.0, 1.0, 3.0)", SqliteSearchStatement.Build(Query("text")).Sql);
    }

    /// <summary>The staleness demotion a page's score applies to the rank.</summary>
    private const string StaleDemotion = "(CASE WHEN d.last_verified < @staleBefore THEN 0.5 ELSE 1.0 END)";
}
