using DirectoryService.Search;
using DirectoryService.Search.Postgres;
using DirectoryService.Search.Sqlite;

namespace Directory.Tests.Search;

/// <summary>The semantic path's candidates go through the same statement as any search, as one more filter on ids.</summary>
public sealed partial class SearchStatementTests
{
    [Theory]
    [MemberData(nameof(Dialects))]
    public void Only_ids_are_a_filter_whose_ids_travel_as_parameters(string dialect)
    {
        Guid[] ids = [Guid.NewGuid(), Guid.NewGuid()];

        var statement = Build(dialect, Criteria() with { OnlyIds = ids, Near = FiveKmOfCosham });

        if (dialect == "postgres")
        {
            Assert.Contains("d.id = ANY(@onlyIds)", statement.Sql);
            Assert.Equal(ids, statement.Parameters["onlyIds"]);
        }
        else
        {
            Assert.Contains("d.id IN (@onlyId0, @onlyId1)", statement.Sql);
            Assert.Equal([ids[0].ToString(), ids[1].ToString()], new[] { statement.Parameters["onlyId0"], statement.Parameters["onlyId1"] });
        }
        Assert.DoesNotContain(ids[0].ToString(), statement.Sql);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void No_ids_match_nothing(string dialect)
    {
        Assert.Contains("1 = 0", Build(dialect, Criteria() with { OnlyIds = [] }).Sql);
    }

    [Theory]
    [MemberData(nameof(Representative))]
    public void The_filtered_ids_statement_binds_every_placeholder_and_no_typed_value(string dialect, string query)
    {
        var criteria = Query(query);

        var statement = dialect == "postgres" ? PostgresSearchStatement.Filtered(criteria, 100) : SqliteSearchStatement.Filtered(criteria, 100);

        Assert.Equal(new SortedSet<string>(statement.Parameters.Keys), Placeholders(statement.Sql));
        Assert.Equal(100, statement.Parameters["limit"]);
        foreach (var typed in new[] { "lonely", "befriending", "cosham" })
            Assert.DoesNotContain(typed, statement.Sql, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Postgres_reads_a_few_listings_by_id_rather_than_the_whole_circle()
    {
        var statement = PostgresSearchStatement.Build(Query("ids+radius"));

        Assert.DoesNotContain("OFFSET 0", statement.Sql);
        Assert.Contains("d.id = ANY(@onlyIds)", statement.Sql);
        Assert.Contains("d.xy <@ @circle::circle OR EXISTS", statement.Sql);
    }
}
