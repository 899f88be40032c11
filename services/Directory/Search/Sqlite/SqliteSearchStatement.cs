namespace DirectoryService.Search.Sqlite;

/// <summary>
/// The SQLite search statements, in one batch: the matched set (with rank and distance) is materialised once per
/// query in a temp table (per connection), then counted, faceted and ordered; only the page's rows are read in full.
/// Results, in order: the total, whether a radius left out listings with no place, the facets, the page.
/// </summary>
public static class SqliteSearchStatement
{
    /// <summary>Facet counts over the matches: each matched listing's tags looked up by listing (CROSS JOIN keeps that order).</summary>
    private const string Facets = """
        SELECT t.kind AS kind, t.value AS value, count(*) AS n FROM temp.search_matched m CROSS JOIN search_tags t ON t.doc_no = m.doc_no GROUP BY t.kind, t.value
        UNION ALL SELECT 'attendingType', m.attending_type, count(*) FROM temp.search_matched m GROUP BY m.attending_type
        UNION ALL SELECT 'cost', CASE WHEN m.is_free THEN 'free' ELSE 'paid' END, count(*) FROM temp.search_matched m GROUP BY 2
        UNION ALL SELECT 'acceptingReferrals', m.accepting, count(*) FROM temp.search_matched m GROUP BY m.accepting
        """;

    // Column weights for bm25: name, taxonomy, summary, description, organisation.
    private const string Bm25 = "bm25(search_fts, 10.0, 5.0, 4.0, 1.0, 3.0)";

    public static SearchStatement Build(SearchCriteria c)
    {
        var parameters = new SqlParameters();
        var where = SearchSql.Filters(c, parameters, SearchSql.TagTable);
        string source, rank;
        if (c.Text is { } text)
        {
            parameters.Add("match", Fts5Query(text));
            source = $"(SELECT rowid AS doc_no, -{Bm25} AS text_rank FROM search_fts WHERE search_fts MATCH @match) x JOIN search_docs d ON d.doc_no = x.doc_no";
            rank = "x.text_rank";
        }
        else
        {
            source = "search_docs d";
            rank = "1.0";
        }
        // Distances come from one pass over the places (inside the radius's box, through the R*Tree, when there is
        // one), joined to the matches. Listings with no place (online, phone) are in a radius search only when asked
        // for; otherwise an EXISTS after the count says whether any would match.
        var near = "";
        var distance = "NULL";
        var remoteLeftOut = "SELECT 0;";
        if (c.Near is { } place)
        {
            parameters.Add("lat", place.Latitude);
            parameters.Add("lon", place.Longitude);
            var within = "";
            if (place.RadiusKm is { } radius)
            {
                var (minLat, maxLat, minLon, maxLon) = SearchVocabulary.BoundingBox(place.Latitude, place.Longitude, radius);
                parameters.Add("radius", radius);
                parameters.Add("minLat", minLat);
                parameters.Add("maxLat", maxLat);
                parameters.Add("minLon", minLon);
                parameters.Add("maxLon", maxLon);
                within = "WHERE g.min_lat >= @minLat AND g.max_lat <= @maxLat AND g.min_lon >= @minLon AND g.max_lon <= @maxLon AND haversine_km(@lat, @lon, g.min_lat, g.min_lon) <= @radius";
                if (!c.IncludeRemote)
                    remoteLeftOut = $"SELECT EXISTS (SELECT 1 FROM {source} WHERE {string.Join(" AND ", where.Append("d.has_location = 0"))});";
                where.Add(c.IncludeRemote ? "(d.has_location = 0 OR n.doc_no IS NOT NULL)" : "n.doc_no IS NOT NULL");
            }
            near = $"WITH near AS MATERIALIZED (SELECT g.doc_no, min(haversine_km(@lat, @lon, g.min_lat, g.min_lon)) AS distance_km FROM search_geo g {within} GROUP BY g.doc_no)";
            source += " LEFT JOIN near n ON n.doc_no = d.doc_no";
            distance = "n.distance_km";
        }
        parameters.Add("staleBefore", c.StaleBefore.ToUnixTimeSeconds());
        parameters.Add("limit", c.PageSize);
        parameters.Add("offset", (c.Page - 1) * c.PageSize);
        var filter = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);

        var sql = $"""
            CREATE TEMP TABLE IF NOT EXISTS search_matched(doc_no INTEGER PRIMARY KEY, name TEXT, text_rank REAL, distance_km REAL,
              last_verified INTEGER, next_session INTEGER, attending_type TEXT, is_free INTEGER, accepting TEXT);
            DELETE FROM temp.search_matched;
            {near}
            INSERT INTO temp.search_matched SELECT d.doc_no, d.name, {rank}, {distance}, d.last_verified, d.next_session,
              d.attending_type, d.is_free, d.accepting FROM {source} {filter};
            SELECT count(*) FROM temp.search_matched;
            {remoteLeftOut}
            {Facets};
            SELECT d.*, p.distance_km, p.score FROM (
              SELECT d.doc_no, d.distance_km, {SearchSql.Score("d.text_rank", c.Near is not null)} AS score, d.name, d.next_session
              FROM temp.search_matched d ORDER BY {SearchSql.OrderBy(c)} LIMIT @limit OFFSET @offset) p
            CROSS JOIN search_docs d ON d.doc_no = p.doc_no
            ORDER BY {SearchSql.OrderBy(c, "p")};
            """;
        return new SearchStatement(sql, parameters.Values);
    }

    /// <summary>Every match's id, best first, ranked as <see cref="Build"/> ranks a page (no place, so no distance).</summary>
    public static SearchStatement Ranked(SearchCriteria c)
    {
        if (c.Near is not null) throw new ArgumentException("A ranked list of matches takes no place.", nameof(c));
        var parameters = new SqlParameters();
        var where = SearchSql.Filters(c, parameters, SearchSql.TagTable);
        var source = "search_docs d";
        var rank = "1.0";
        if (c.Text is { } text)
        {
            parameters.Add("match", Fts5Query(text));
            source = $"(SELECT rowid AS doc_no, -{Bm25} AS text_rank FROM search_fts WHERE search_fts MATCH @match) x JOIN search_docs d ON d.doc_no = x.doc_no";
            rank = "x.text_rank";
        }
        parameters.Add("staleBefore", c.StaleBefore.ToUnixTimeSeconds());
        var filter = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        return new SearchStatement(
            $"SELECT d.id, {SearchSql.Score(rank, hasPlace: false)} AS score FROM {source} {filter} ORDER BY score DESC, d.name, d.id",
            parameters.Values);
    }

    /// <summary>
    /// The ids of the listings that pass the filters (no text), at most <paramref name="limit"/>; with a radius, those
    /// with a place inside it (through the R*Tree) and, when asked for, those with no place.
    /// </summary>
    public static SearchStatement Filtered(SearchCriteria c, int limit)
    {
        var parameters = new SqlParameters();
        var where = SearchSql.Filters(c with { Text = null }, parameters, SearchSql.TagTable);
        var near = "";
        if (c.Near is { RadiusKm: { } radius } place)
        {
            var (minLat, maxLat, minLon, maxLon) = SearchVocabulary.BoundingBox(place.Latitude, place.Longitude, radius);
            parameters.Add("lat", place.Latitude);
            parameters.Add("lon", place.Longitude);
            parameters.Add("radius", radius);
            parameters.Add("minLat", minLat);
            parameters.Add("maxLat", maxLat);
            parameters.Add("minLon", minLon);
            parameters.Add("maxLon", maxLon);
            near = """
                WITH near AS MATERIALIZED (SELECT DISTINCT g.doc_no FROM search_geo g
                  WHERE g.min_lat >= @minLat AND g.max_lat <= @maxLat AND g.min_lon >= @minLon AND g.max_lon <= @maxLon
                    AND haversine_km(@lat, @lon, g.min_lat, g.min_lon) <= @radius)
                """;
            var inside = "d.doc_no IN (SELECT doc_no FROM near)";
            where.Add(c.IncludeRemote ? $"(d.has_location = 0 OR {inside})" : inside);
        }
        parameters.Add("limit", limit);
        var filter = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
        return new SearchStatement($"{near}\nSELECT d.id FROM search_docs d {filter} LIMIT @limit", parameters.Values);
    }

    /// <summary>Snippets of the page's listings (their doc_no are integers read from the index, not user input).</summary>
    public static SearchStatement Snippets(object? match, IEnumerable<long> docNos) => new($"""
        SELECT rowid, snippet(search_fts, -1, char(1), char(2), '…', 24) FROM search_fts
        WHERE search_fts MATCH @match AND rowid IN ({string.Join(',', docNos)})
        """, new Dictionary<string, object?> { ["match"] = match });

    /// <summary>Groups of alternatives as an FTS5 expression: ("a b" OR "c") AND ("d"). Every phrase is quoted, so no user syntax reaches FTS5.</summary>
    public static string Fts5Query(TextQuery text) =>
        string.Join(text.Loose ? " OR " : " AND ", text.Groups.Select(g =>
            "(" + string.Join(" OR ", g.Select(p => "\"" + p.Replace("\"", "\"\"") + "\"")) + ")"));
}
