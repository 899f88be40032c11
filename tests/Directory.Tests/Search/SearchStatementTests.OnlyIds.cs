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

    [Theory]
    [InlineData("ids+radius")]
    [InlineData("ids")]
    public void Postgres_reads_a_few_listings_by_id_before_the_circle_or_the_text_index(string query)
    {
        var statement = PostgresSearchStatement.Build(Query(query));

        // Every read of the listings starts from the ids: not the circle's rows, and not a bitmap of every text match
        // ANDed with the ids' (13 ms at 100,000 listings for a dozen rows).
        Assert.Contains("(SELECT * FROM search_docs d WHERE d.id = ANY(@onlyIds) OFFSET 0) d", statement.Sql);
        Assert.DoesNotMatch(@"FROM search_docs d(?! WHERE d\.id = ANY\(@onlyIds\) OFFSET 0)", statement.Sql);
        if (query == "ids+radius") Assert.Contains("d.xy <@ @circle::circle OR EXISTS", statement.Sql);
    }
}

/// <summary>The semantic path reads the filtered ids first only when some filter narrows the listings.</summary>
public sealed partial class SearchStatementTests
{
    public static TheoryData<string> EachFilter =>
        ["radius", "taxonomy", "day", "weekend", "from", "to", "next", "age", "free", "accessibility", "language", "attending", "accepting", "ward"];

    [Theory]
    [MemberData(nameof(EachFilter))]
    public void Every_filter_narrows_the_search_and_unfiltered_drops_all_but_the_radius(string filter)
    {
        var plain = Criteria();
        var narrowed = filter switch
        {
            "radius" => plain with { Near = FiveKmOfCosham },
            "taxonomy" => plain with { Taxonomy = ["befriending"] },
            "day" => plain with { Day = DayOfWeek.Tuesday },
            "weekend" => plain with { AnyDay = [DayOfWeek.Saturday, DayOfWeek.Sunday] },
            "from" => plain with { FromMinute = 17 * 60 },
            "to" => plain with { ToMinute = 12 * 60 },
            "next" => plain with { NextSessionBefore = Now.AddDays(7) },
            "age" => plain with { Age = 70 },
            "free" => plain with { Free = true },
            "accessibility" => plain with { Accessibility = ["step-free"] },
            "language" => plain with { Language = "Polish" },
            "attending" => plain with { AttendingType = "phone" },
            "accepting" => plain with { AcceptingReferrals = true },
            "ward" => plain with { Ward = "Cosham" },
            _ => throw new ArgumentOutOfRangeException(nameof(filter)),
        };

        Assert.False(plain.Narrowed);
        Assert.False((plain with { Near = FiveKmOfCosham with { RadiusKm = null }, IncludeSuspended = true, OnlyIds = [Guid.NewGuid()] }).Narrowed);
        Assert.True(narrowed.Narrowed);
        Assert.Equal(filter != "radius", narrowed.FilteredBeyondPlace);
        Assert.False(narrowed.Unfiltered().FilteredBeyondPlace);
        Assert.Equal(narrowed.Near, narrowed.Unfiltered().Near);
    }
}
