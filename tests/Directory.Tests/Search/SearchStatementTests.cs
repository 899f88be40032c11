using System.Text.RegularExpressions;
using DirectoryService.Search;
using DirectoryService.Search.Postgres;
using DirectoryService.Search.Sqlite;

namespace Directory.Tests.Search;

/// <summary>
/// The SQL each adapter builds for a query, read without a database: which clauses appear and which values travel
/// as parameters. The contract suite checks what the statements find; these pin how they are put together.
/// </summary>
public sealed partial class SearchStatementTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    private static SearchCriteria Criteria() => new(
        Text: null, Near: null, Taxonomy: [], Day: null, FromMinute: null, ToMinute: null, NextSessionBefore: null, Age: null,
        Free: null, Accessibility: [], Language: null, AttendingType: null, AcceptingReferrals: null, Ward: null,
        IncludeSuspended: false, StaleBefore: Now.AddDays(-180), Now: Now, Sort: SearchSort.Relevance, Page: 1, PageSize: 20);

    private static readonly TextQuery LonelyInCosham = new("lonely cosham", [["lonely", "befriending"], ["cosham"]], Loose: false, Verbatim: false);

    private static readonly GeoFilter FiveKmOfCosham = new(50.845, -1.066, 5);

    public static TheoryData<string> Dialects => ["postgres", "sqlite"];

    private static SearchStatement Build(string dialect, SearchCriteria criteria) =>
        dialect == "postgres" ? PostgresSearchStatement.Build(criteria) : SqliteSearchStatement.Build(criteria);

    [GeneratedRegex(@"(?<![@\w])@([A-Za-z]\w*)")]
    private static partial Regex Placeholder();

    private static SortedSet<string> Placeholders(string sql) => [.. Placeholder().Matches(sql).Select(m => m.Groups[1].Value)];

    public static TheoryData<string, string> Representative()
    {
        var data = new TheoryData<string, string>();
        foreach (var dialect in new[] { "postgres", "sqlite" })
            foreach (var query in new[] { "plain", "text", "loose", "verbatim", "filters", "radius", "radius+remote", "near", "page3", "ids+radius" })
                data.Add(dialect, query);
        return data;
    }

    private static SearchCriteria Query(string name) => name switch
    {
        "plain" => Criteria(),
        "text" => Criteria() with { Text = LonelyInCosham },
        "loose" => Criteria() with { Text = LonelyInCosham.AsLoose() },
        "verbatim" => Criteria() with { Text = new TextQuery("\"tea dance\" -online", [["tea"], ["dance"]], false, Verbatim: true) },
        "filters" => Criteria() with
        {
            Taxonomy = ["befriending", "walking"], Accessibility = ["wheelchair", "hearing-loop"], Language = "Polish", Ward = "Cosham",
            Day = DayOfWeek.Monday, FromMinute = 600, ToMinute = 720, NextSessionBefore = Now.AddDays(7), Age = 70, Free = true,
            AttendingType = "in-person", AcceptingReferrals = true,
        },
        "radius" => Criteria() with { Text = LonelyInCosham, Near = FiveKmOfCosham },
        "radius+remote" => Criteria() with { Near = FiveKmOfCosham, IncludeRemote = true },
        "ids+radius" => Criteria() with { Text = LonelyInCosham, Near = FiveKmOfCosham, OnlyIds = [Guid.NewGuid()] },
        "ids" => Criteria() with { OnlyIds = [Guid.NewGuid()] },
        "near" => Criteria() with { Near = FiveKmOfCosham with { RadiusKm = null }, Sort = SearchSort.Distance },
        "page3" => Criteria() with { Page = 3, Sort = SearchSort.NextSession },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Representative))]
    public void Every_placeholder_has_a_parameter_and_every_parameter_is_used(string dialect, string query)
    {
        var statement = Build(dialect, Query(query));

        Assert.Equal(new SortedSet<string>(statement.Parameters.Keys), Placeholders(statement.Sql));
    }

    [Theory]
    [MemberData(nameof(Representative))]
    public void Typed_text_and_filter_values_travel_only_as_parameters(string dialect, string query)
    {
        var statement = Build(dialect, Query(query));

        foreach (var typed in new[] { "lonely", "befriending", "cosham", "tea dance", "Polish", "wheelchair" })
            Assert.DoesNotContain(typed, statement.Sql, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Paging_skips_the_earlier_pages(string dialect)
    {
        var statement = Build(dialect, Criteria() with { Page = 3, PageSize = 25 });

        Assert.Equal(25, statement.Parameters["limit"]);
        Assert.Equal(50, statement.Parameters["offset"]);
        Assert.Contains("LIMIT @limit OFFSET @offset", statement.Sql);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Suspended_listings_are_left_out_unless_asked_for(string dialect)
    {
        Assert.Equal(false, Build(dialect, Criteria()).Parameters["notSuspended"]);
        Assert.Contains("d.suspended = @notSuspended", Build(dialect, Criteria()).Sql);

        var withSuspended = Build(dialect, Criteria() with { IncludeSuspended = true });
        Assert.DoesNotContain("notSuspended", withSuspended.Sql);
        Assert.False(withSuspended.Parameters.ContainsKey("notSuspended"));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Sorting_by_distance_puts_listings_without_a_place_last(string dialect)
    {
        var statement = Build(dialect, Query("near"));

        Assert.Contains("ORDER BY distance_km IS NULL, distance_km, score DESC, name", statement.Sql);
        Assert.Contains("ORDER BY p.distance_km IS NULL, p.distance_km, p.score DESC, p.name", statement.Sql);
    }

    [Fact]
    public void Postgres_strict_text_needs_one_alternative_of_every_group()
    {
        var statement = PostgresSearchStatement.Build(Query("text"));

        Assert.Contains("(phraseto_tsquery('english', unaccent(@t0)) || phraseto_tsquery('english', unaccent(@t1))) && "
            + "(phraseto_tsquery('english', unaccent(@t2)))", statement.Sql);
        Assert.Equal("lonely", statement.Parameters["t0"]);
        Assert.Equal("befriending", statement.Parameters["t1"]);
        Assert.Equal("cosham", statement.Parameters["t2"]);
        Assert.Contains("d.tsv @@ (SELECT q FROM query)", statement.Sql);
        // The snippet is made in the service from the description (Snippet), not by ts_headline in the database.
        Assert.Contains("d.description AS description", statement.Sql);
        Assert.DoesNotContain("ts_headline(", statement.Sql);
    }

    [Fact]
    public void Postgres_loose_fallback_needs_any_group()
    {
        var statement = PostgresSearchStatement.Build(Query("loose"));

        Assert.Contains("(phraseto_tsquery('english', unaccent(@t0)) || phraseto_tsquery('english', unaccent(@t1))) || "
            + "(phraseto_tsquery('english', unaccent(@t2)))", statement.Sql);
    }

    [Fact]
    public void Postgres_passes_typed_search_syntax_to_websearch_as_typed()
    {
        var statement = PostgresSearchStatement.Build(Query("verbatim"));

        Assert.Contains("websearch_to_tsquery('english', unaccent(@raw))", statement.Sql);
        Assert.Equal("\"tea dance\" -online", statement.Parameters["raw"]);
        Assert.DoesNotContain("phraseto_tsquery", statement.Sql);
    }

    [Fact]
    public void Postgres_without_text_ranks_every_match_alike_and_has_no_snippet()
    {
        var statement = PostgresSearchStatement.Build(Criteria());

        Assert.Contains("SELECT NULL::tsquery AS q", statement.Sql);
        Assert.Contains("NULL::text AS description", statement.Sql);
        Assert.DoesNotContain("d.tsv @@", statement.Sql);
        Assert.Equal(PostgresSearchStatement.ExactlyRanked, statement.Parameters["candidates"]);
    }

    [Fact]
    public void Postgres_filters_are_tag_array_tests_and_the_time_window_a_session_overlap()
    {
        var statement = PostgresSearchStatement.Build(Query("filters"));

        Assert.Contains("d.tags && ARRAY[@tax0, @tax1]::text[]", statement.Sql);
        Assert.Equal("taxonomy:befriending", statement.Parameters["tax0"]);
        Assert.Equal("accessibility:wheelchair", statement.Parameters["acc0_0"]);
        Assert.Equal("accessibility:hearing-loop", statement.Parameters["acc1_0"]);
        Assert.Contains("lower(tag) IN (lower(@lang0))", statement.Sql);
        Assert.Equal("language:Polish", statement.Parameters["lang0"]);
        Assert.Equal("cost:free", statement.Parameters["cost0"]);
        Assert.Equal("attendingType:in-person", statement.Parameters["attending0"]);
        Assert.Equal("acceptingReferrals:yes", statement.Parameters["accepting0"]);
        Assert.Contains("s.dow = @dow AND s.opens < @toMin AND s.closes > @fromMin", statement.Sql);
        Assert.Equal((int)DayOfWeek.Monday, statement.Parameters["dow"]);
        Assert.Contains("(d.min_age IS NULL OR d.min_age <= @age) AND (d.max_age IS NULL OR d.max_age >= @age)", statement.Sql);
        Assert.Equal(Now.AddDays(7).ToUnixTimeSeconds(), statement.Parameters["nextBefore"]);
    }

    [Fact]
    public void Postgres_day_without_a_time_window_is_a_tag_test()
    {
        var statement = PostgresSearchStatement.Build(Criteria() with { Day = DayOfWeek.Friday });

        Assert.Equal("day:friday", statement.Parameters["dow0"]);
        Assert.DoesNotContain("search_sessions s", statement.Sql);
    }

    [Fact]
    public void Postgres_radius_searches_the_circle_and_only_asks_whether_placeless_listings_would_match()
    {
        var statement = PostgresSearchStatement.Build(Query("radius"));

        Assert.Contains("d.xy <@ @circle::circle", statement.Sql);
        Assert.Contains("near AS (SELECT p.doc_no", statement.Sql);
        Assert.Contains("remote AS MATERIALIZED (", statement.Sql);
        Assert.Contains("EXISTS (SELECT 1 FROM remote)) AS remote_left_out", statement.Sql);
        // A few placeless rows in index order are tried before the text index is asked.
        Assert.Contains($"WHERE NOT d.has_location ORDER BY d.doc_no LIMIT {PostgresSearchStatement.PlacelessProbe} OFFSET 0", statement.Sql);
        Assert.StartsWith("<(", (string)statement.Parameters["circle"]!);
    }

    [Fact]
    public void Postgres_radius_with_remote_listings_adds_them_to_the_matches()
    {
        var statement = PostgresSearchStatement.Build(Query("radius+remote"));

        Assert.DoesNotContain("remote AS MATERIALIZED", statement.Sql);
        Assert.Contains("false AS remote_left_out", statement.Sql);
        Assert.Contains("NOT d.has_location", statement.Sql);
        Assert.Equal(2, Regex.Count(statement.Sql, "UNION ALL"));
    }

    [Fact]
    public void Postgres_ranks_exactly_at_least_four_pages_of_candidates()
    {
        Assert.Equal(4 * 10 * 20, PostgresSearchStatement.Build(Criteria() with { Page = 10 }).Parameters["candidates"]);
    }

    [Fact]
    public void Sqlite_strict_text_is_an_fts5_expression_of_quoted_phrases()
    {
        var statement = SqliteSearchStatement.Build(Query("text"));

        Assert.Equal("(\"lonely\" OR \"befriending\") AND (\"cosham\")", statement.Parameters["match"]);
        Assert.Contains("WHERE search_fts MATCH @match", statement.Sql);
        Assert.Contains("bm25(search_fts", statement.Sql);
    }

    [Fact]
    public void Sqlite_loose_fallback_needs_any_group()
    {
        Assert.Equal("(\"lonely\" OR \"befriending\") OR (\"cosham\")", SqliteSearchStatement.Build(Query("loose")).Parameters["match"]);
    }

    [Fact]
    public void Sqlite_quotes_in_typed_text_cannot_end_a_phrase()
    {
        var text = new TextQuery("a\"b", [["a\"b"]], Loose: false, Verbatim: true);

        Assert.Equal("(\"a\"\"b\")", SqliteSearchStatement.Fts5Query(text));
    }

    [Fact]
    public void Sqlite_filters_use_the_tag_table_and_the_listing_columns()
    {
        var statement = SqliteSearchStatement.Build(Query("filters"));

        Assert.Contains("t.kind = 'taxonomy' AND t.value IN (@tax0, @tax1)", statement.Sql);
        Assert.Equal("befriending", statement.Parameters["tax0"]);
        Assert.Contains("t.kind = 'language' AND lower(t.value) IN (lower(@lang0))", statement.Sql);
        Assert.Contains("d.is_free = @free", statement.Sql);
        Assert.Equal(true, statement.Parameters["free"]);
        Assert.Contains("d.attending_type = @attending", statement.Sql);
        Assert.Contains("d.accepting = 'yes'", statement.Sql);
        Assert.Contains("s.dow = @dow AND s.opens < @toMin AND s.closes > @fromMin", statement.Sql);
    }

    [Fact]
    public void Sqlite_radius_filters_the_rtree_box_then_the_true_distance()
    {
        var statement = SqliteSearchStatement.Build(Query("radius"));

        Assert.Contains("g.min_lat >= @minLat AND g.max_lat <= @maxLat", statement.Sql);
        Assert.Contains("haversine_km(@lat, @lon, g.min_lat, g.min_lon) <= @radius", statement.Sql);
        Assert.Equal(5.0, statement.Parameters["radius"]);
        Assert.True((double)statement.Parameters["minLat"]! < FiveKmOfCosham.Latitude);
        Assert.Contains("n.doc_no IS NOT NULL", statement.Sql);
        Assert.Contains("SELECT EXISTS (SELECT 1 FROM", statement.Sql);
    }

    [Fact]
    public void Sqlite_radius_with_remote_listings_keeps_those_without_a_place()
    {
        var statement = SqliteSearchStatement.Build(Query("radius+remote"));

        Assert.Contains("(d.has_location = 0 OR n.doc_no IS NOT NULL)", statement.Sql);
        Assert.Contains("SELECT 0;", statement.Sql);
    }

    [Fact]
    public void Sqlite_snippets_reuse_the_match_for_the_page_rows_only()
    {
        var statement = SqliteSearchStatement.Snippets("(\"lonely\")", [3, 7]);

        Assert.Contains("rowid IN (3,7)", statement.Sql);
        Assert.Equal("(\"lonely\")", statement.Parameters["match"]);
    }
}
