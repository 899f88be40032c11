using System.Globalization;

namespace DirectoryService.Search.Postgres;

/// <summary>
/// The PostgreSQL search statement. One statement: the matched set (with rank and distance, computed while its rows
/// are read anyway) is materialised once, then counted, faceted from its tag arrays and ordered; only the page's 20
/// rows are joined back for display and snippets. With a radius the set is the listings with their one place inside
/// the circle (GiST on the row's point, one pass over clustered rows), those with several places and one inside (GiST
/// on search_points), and, when asked for, those with no place at all (a partial index): disjoint parts, because one
/// "no place OR inside" filter makes PostgreSQL read every text match's row. When the placeless are not asked for,
/// whether any would match is asked first of a few placeless rows in index order, then, only if none matches, by one
/// EXISTS over a CTE that stops at the first (a CTE, so it is planned to use the index for all its rows rather than a
/// scan that hopes to find one early).
/// </summary>
public static class PostgresSearchStatement
{
    /// <summary>How many matches, best by the provisional rank, are ranked exactly for a page.</summary>
    public const int ExactlyRanked = 200;

    /// <summary>How many placeless listings (in index order) are tried before the text index is asked whether any matches.</summary>
    public const int PlacelessProbe = 64;

    public static SearchStatement Build(SearchCriteria c)
    {
        var parameters = new SqlParameters();
        var filters = SearchSql.Filters(c, parameters, TagArray, filterValuesAreTags: true, uuidIds: true);
        var tsquery = c.Text is { } text ? TsQuery(text, parameters) : null;
        var textTest = tsquery is null ? null : "d.tsv @@ (SELECT q FROM query)";
        var where = textTest is null ? filters : [.. filters, textTest];
        // ts_rank reads the whole vector (the costliest step with thousands of matches), so every match gets a cheap
        // provisional rank (is the query in the name?) and only the best candidates by it are ranked exactly.
        // A few listings by id (the semantic path's candidates) are read by id before anything else is tested: left to
        // itself, PostgreSQL ANDs the id index's bitmap with the text index's, which for a synonym-expanded query costs
        // a bitmap of tens of thousands of matches (13 ms at 100,000 listings) to keep a dozen rows.
        var docs = c.OnlyIds is not { Count: > 0 } ? "search_docs d" : "(SELECT * FROM search_docs d WHERE d.id = ANY(@onlyIds) OFFSET 0) d";
        var provisional = tsquery is null ? "1.0::real" : "CASE WHEN d.name_tsv @@ (SELECT q FROM query) THEN 1.0 ELSE 0.3 END";
        var rank = tsquery is null ? "1.0::real" : "ts_rank(s.tsv, (SELECT q FROM query))";
        const string Columns = "doc_no, name, attending_type, is_free, accepting, tags, last_verified, next_session";
        string Part(string from, string distance, params string[] more) =>
            $"SELECT {Prefixed(Columns, "d.")}, {provisional} AS text_rank, " +
            $"{distance} AS distance_km FROM {from} WHERE {string.Join(" AND ", where.Concat(more).DefaultIfEmpty("true"))}";

        var ctes = new List<string>();
        var remoteLeftOut = "false";
        var letThrough = "NULL::uuid[]";
        string matched;
        if (c.Near is { } place)
        {
            var (x, y) = PlaneProjection.Project(place.Latitude, place.Longitude);
            var scale = PlaneProjection.Scale(place.Latitude, place.Longitude);
            parameters.Add("centre", Invariant($"({x:R}, {y:R})"));
            parameters.Add("planeMetresPerKm", 1000 * scale);
            if (place.RadiusKm is { } byIdRadius && c.OnlyIds is not null)
            {
                // A few listings by id (the semantic path's candidates): read by id, then tested against the circle,
                // rather than reading the whole circle to keep a few of its rows.
                parameters.Add("circle", Invariant($"<({x:R}, {y:R}), {byIdRadius * 1000 * scale:R}>"));
                var inside = "(d.xy <@ @circle::circle OR EXISTS (SELECT 1 FROM search_points p WHERE p.doc_no = d.doc_no AND p.xy <@ @circle::circle))";
                var distance = $"coalesce({Kilometres("d.xy")}, (SELECT min({Kilometres("p.xy")}) FROM search_points p WHERE p.doc_no = d.doc_no AND p.xy <@ @circle::circle))";
                matched = Part(docs, distance, c.IncludeRemote ? $"(NOT d.has_location OR {inside})" : inside);
                if (!c.IncludeRemote)
                {
                    ctes.Add($"remote AS MATERIALIZED ({Part(docs, "NULL::double precision", "NOT d.has_location")})");
                    remoteLeftOut = "EXISTS (SELECT 1 FROM remote)";
                }
            }
            else if (place.RadiusKm is { } radius)
            {
                parameters.Add("circle", Invariant($"<({x:R}, {y:R}), {radius * 1000 * scale:R}>"));
                static string Inside(string xy) => $"{xy} <@ @circle::circle";
                ctes.Add($"""
                    near AS (SELECT p.doc_no, min({Kilometres("p.xy")}) AS distance_km FROM search_points p WHERE {Inside("p.xy")} GROUP BY p.doc_no)
                    """);
                // OFFSET 0 keeps the circle's rows as the only way in: PostgreSQL otherwise ANDs the GiST bitmap with
                // the text index's, whose bitmap for a common word (thousands of listings) costs several times more
                // than checking the circle's few hundred rows.
                var circle = $"(SELECT * FROM search_docs d WHERE {Inside("d.xy")} OFFSET 0) d";
                const string near = "near n JOIN search_docs d ON d.doc_no = n.doc_no";
                if (c.FilteredIdsUpTo is { } upTo && !c.IncludeRemote)
                {
                    // The semantic path's candidates are the circle's listings that pass the filters, text or not: the
                    // rows read here anyway, so they are listed with the page rather than read again by another statement.
                    string Passing(string from, string distance) =>
                        $"SELECT d.id, {Prefixed(Columns, "d.")}, {provisional} AS text_rank, {distance} AS distance_km, " +
                        $"{textTest ?? "true"} AS hit FROM {from} WHERE {string.Join(" AND ", filters.DefaultIfEmpty("true"))}";
                    ctes.Add($"passing AS MATERIALIZED ({Passing(circle, Kilometres("d.xy"))}\nUNION ALL\n{Passing(near, "n.distance_km")})");
                    matched = $"SELECT {Columns}, text_rank, distance_km FROM passing WHERE hit";
                    parameters.Add("filteredUpTo", upTo + 1);
                    letThrough = "(SELECT coalesce(array_agg(id), '{}') FROM (SELECT id FROM passing LIMIT @filteredUpTo) f)";
                }
                else matched = Part(circle, Kilometres("d.xy")) + "\nUNION ALL\n" + Part(near, "n.distance_km");
                var remote = Part("search_docs d", "NULL::double precision", "NOT d.has_location");
                if (c.IncludeRemote) matched += "\nUNION ALL\n" + remote;
                else
                {
                    // The text index answers for every placeless listing at once, and for a common word builds a bitmap
                    // of thousands of them (5 ms at 100,000 listings) to learn that one exists. A few placeless rows
                    // read in order usually hold one already: only when none does is the index asked.
                    ctes.Add($"remote AS MATERIALIZED ({remote})");
                    var probe = Part($"(SELECT * FROM search_docs d WHERE NOT d.has_location ORDER BY d.doc_no LIMIT {PlacelessProbe} OFFSET 0) d",
                        "NULL::double precision");
                    remoteLeftOut = $"(EXISTS ({probe}) OR EXISTS (SELECT 1 FROM remote))";
                }
            }
            else
            {
                matched = Part(docs, $"coalesce({Kilometres("d.xy")}, (SELECT min({Kilometres("p.xy")}) FROM search_points p WHERE p.doc_no = d.doc_no))");
            }
        }
        else
        {
            matched = Part(docs, "NULL::double precision");
        }
        parameters.Add("staleBefore", c.StaleBefore.ToUnixTimeSeconds());
        parameters.Add("limit", c.PageSize);
        parameters.Add("offset", (c.Page - 1) * c.PageSize);
        parameters.Add("candidates", Math.Max(ExactlyRanked, 4 * c.Page * c.PageSize));

        var sql = $"""
            WITH query AS (SELECT {tsquery ?? "NULL::tsquery"} AS q),
            {string.Concat(ctes.Select(cte => cte + ",\n"))}
            matched AS MATERIALIZED ({matched}),
            facets AS (SELECT tag, count(*) AS n FROM matched m CROSS JOIN unnest(m.tags) AS tag GROUP BY tag),
            candidates AS (
              SELECT * FROM (SELECT d.doc_no, d.distance_km, d.last_verified, {SearchSql.Score("d.text_rank", c.Near is not null)} AS score, d.name, d.next_session
                FROM matched d) d ORDER BY {SearchSql.OrderBy(c)} LIMIT @candidates),
            page AS (
              SELECT * FROM (SELECT d.doc_no, d.distance_km, {SearchSql.Score(rank, c.Near is not null)} AS score, d.name, d.next_session
                FROM candidates d JOIN search_docs s ON s.doc_no = d.doc_no) d ORDER BY {SearchSql.OrderBy(c)} LIMIT @limit OFFSET @offset)
            SELECT t.total, t.remote_left_out, {OnFirstRow("t.facets", c)} AS facets, {OnFirstRow("t.filtered_ids", c)} AS filtered_ids, d.doc_no, d.id, d.name, d.organisation_name, d.summary, d.is_free,
              d.cost_description, d.cost_pence, d.attending_type, d.accepting, d.wards, d.languages, d.accessibility, d.last_verified, d.next_session, d.suspended,
              d.suspension_note, d.alternative, p.distance_km, p.score, {(tsquery is null ? "NULL::text" : "d.description")} AS description
            FROM (SELECT (SELECT count(*) FROM matched) AS total, {remoteLeftOut} AS remote_left_out, {letThrough} AS filtered_ids,
                         (SELECT coalesce(json_agg(json_build_array(tag, n)), '[]') FROM facets)::text AS facets) t
            LEFT JOIN (page p JOIN search_docs d ON d.doc_no = p.doc_no) ON true
            ORDER BY {SearchSql.OrderBy(c, "p")}
            """;
        return new SearchStatement(PlannedOnce(sql), parameters.Values);
    }

    /// <summary>
    /// Every match's id, best first, ranked as <see cref="Build"/> ranks a page (no place, so no distance). Each match
    /// is ranked exactly: there is no page for which a provisional rank could pick the candidates.
    /// </summary>
    public static SearchStatement Ranked(SearchCriteria c)
    {
        if (c.Near is not null) throw new ArgumentException("A ranked list of matches takes no place.", nameof(c));
        var parameters = new SqlParameters();
        var where = SearchSql.Filters(c, parameters, TagArray, filterValuesAreTags: true, uuidIds: true);
        var tsquery = c.Text is { } text ? TsQuery(text, parameters) : null;
        if (tsquery is not null) where.Add("d.tsv @@ (SELECT q FROM query)");
        var rank = tsquery is null ? "1.0::real" : "ts_rank(d.tsv, (SELECT q FROM query))";
        parameters.Add("staleBefore", c.StaleBefore.ToUnixTimeSeconds());
        return new SearchStatement(PlannedOnce($"""
            WITH query AS (SELECT {tsquery ?? "NULL::tsquery"} AS q)
            SELECT d.id, {SearchSql.Score(rank, hasPlace: false)} AS score FROM search_docs d
            WHERE {string.Join(" AND ", where.DefaultIfEmpty("true"))}
            ORDER BY score DESC, d.name, d.id
            """), parameters.Values);
    }

    /// <summary>
    /// The ids of the listings that pass the filters (no text), at most <paramref name="limit"/>: with a radius, the
    /// same disjoint parts as <see cref="Build"/> (one place inside the circle on the row, several in search_points,
    /// and the placeless when asked for), each through its own index.
    /// </summary>
    public static SearchStatement Filtered(SearchCriteria c, int limit)
    {
        var parameters = new SqlParameters();
        var where = SearchSql.Filters(c with { Text = null }, parameters, TagArray, filterValuesAreTags: true, uuidIds: true);
        string Part(string from, params string[] more) =>
            $"SELECT d.id FROM {from} WHERE {string.Join(" AND ", where.Concat(more).DefaultIfEmpty("true"))}";
        string sql;
        if (c.Near is { RadiusKm: { } radius } place)
        {
            var (x, y) = PlaneProjection.Project(place.Latitude, place.Longitude);
            var scale = PlaneProjection.Scale(place.Latitude, place.Longitude);
            parameters.Add("circle", Invariant($"<({x:R}, {y:R}), {radius * 1000 * scale:R}>"));
            sql = Part("search_docs d", "d.xy <@ @circle::circle")
                + "\nUNION ALL\n" + Part("(SELECT DISTINCT p.doc_no FROM search_points p WHERE p.xy <@ @circle::circle) n JOIN search_docs d ON d.doc_no = n.doc_no");
            if (c.IncludeRemote) sql += "\nUNION ALL\n" + Part("search_docs d", "NOT d.has_location");
        }
        else sql = Part("search_docs d");
        parameters.Add("limit", limit);
        return new SearchStatement(PlannedOnce($"SELECT id FROM ({sql}) f LIMIT @limit"), parameters.Values);
    }

    /// <summary>
    /// Each statement is planned once per connection (it is prepared: DatabaseSetup), not again at each run. Left to
    /// choose, PostgreSQL re-plans the semantic path's by-id reads every time (about 0.8 ms of planning for 0.2 ms of
    /// work), because a plan for the ids given looks cheaper than one for any ids. The plans do not depend on the
    /// values: the circle, the ids and the placeless listings are each read through their own index whatever they hold
    /// (the OFFSET 0 fences), the text through its GIN index. Measured at 100,000 listings, concurrency 8: a median 5 %
    /// more searches a second over six pairs, -2 to +28 % (docs/search/issue-23-progress.md). Set and reset around the
    /// statement, in its one round trip and transaction: no other statement on the pooled connection is planned this
    /// way, and should the statement fail, its transaction's rollback undoes the setting too (SET LOCAL needs an
    /// explicit transaction block).
    /// </summary>
    public static string PlannedOnce(string sql) => $"SET plan_cache_mode = force_generic_plan;\n{sql};\nRESET plan_cache_mode";

    /// <summary>A value of the whole search (facets, the listings let through) sent once, not again with each of the page's rows.</summary>
    private static string OnFirstRow(string column, SearchCriteria c) =>
        $"CASE WHEN row_number() OVER (ORDER BY {SearchSql.OrderBy(c, "p")}) = 1 THEN {column} END";

    private static string Prefixed(string columns, string prefix) => string.Join(", ", columns.Split(", ").Select(column => prefix + column));

    /// <summary>A listing's tag as stored in its row's array ("kind:value").</summary>
    public static string Tag(string kind, string value) => $"{kind}:{value}";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Km on the ground from the search centre to a stored point (see <see cref="PlaneProjection"/>).</summary>
    private static string Kilometres(string xy) => $"({xy} <-> @centre::point) / @planeMetresPerKm";

    /// <summary>Tags live on the listing's row, so a tag test is a check on a row already being read, not a join.</summary>
    private static string TagArray(SqlParameters parameters, string kind, IReadOnlyList<string> anyOf, bool ignoreCase, string prefix) =>
        ignoreCase
            ? $"EXISTS (SELECT 1 FROM unnest(d.tags) AS tag WHERE lower(tag) IN ({string.Join(", ", anyOf.Select((v, i) => $"lower({parameters.Add($"{prefix}{i}", Tag(kind, v))})"))}))"
            : $"d.tags && ARRAY[{parameters.List(prefix, [.. anyOf.Select(v => Tag(kind, v))])}]::text[]";

    /// <summary>Typed search syntax goes to websearch_to_tsquery as is; planned groups become phrase queries joined by && (strict) or || (loose).</summary>
    private static string TsQuery(TextQuery text, SqlParameters parameters)
    {
        if (text.Verbatim) return $"websearch_to_tsquery('english', unaccent({parameters.Add("raw", text.Raw)}))";
        var n = 0;
        var groups = text.Groups.Select(g => "(" + string.Join(" || ", g.Select(p =>
            $"phraseto_tsquery('english', unaccent({parameters.Add($"t{n++}", p)}))")) + ")");
        return string.Join(text.Loose ? " || " : " && ", groups);
    }
}
