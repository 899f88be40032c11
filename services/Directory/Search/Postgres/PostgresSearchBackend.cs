using System.Data.Common;
using System.Globalization;
using DirectoryService.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace DirectoryService.Search.Postgres;

/// <summary>
/// PostgreSQL adapter: a weighted tsvector (name A, taxonomy and summary B, description C, organisation D) with a
/// GIN index, websearch_to_tsquery for typed search syntax, pg_trgm over a word table for typos, places projected onto
/// a plane (<see cref="PlaneProjection"/>) with GiST over points, and facets in the same statement as the page.
/// A listing with one place keeps it on its own row, and the rows are clustered by place after a rebuild, so a search
/// near a postcode reads the circle's rows from a few pages in one pass; listings with several places have their
/// points in search_points. The extensions come from the AddSearch migration.
/// </summary>
public sealed class PostgresSearchBackend(DirectoryDb db) : ISearchBackend
{
    private const string Meta = "CREATE TABLE IF NOT EXISTS search_meta(key text PRIMARY KEY, value text NOT NULL);";

    private const string Schema = Meta + """
        CREATE TABLE IF NOT EXISTS search_docs(
          doc_no bigserial PRIMARY KEY, id uuid NOT NULL UNIQUE, name text NOT NULL, organisation_name text NOT NULL,
          summary text, description text, min_age int, max_age int, is_free boolean NOT NULL, cost_description text,
          attending_type text NOT NULL, accepting text NOT NULL, suspended boolean NOT NULL, suspension_note text,
          alternative text, last_verified bigint NOT NULL, next_session bigint, wards text, has_location boolean NOT NULL,
          xy point, tags text[] NOT NULL, tsv tsvector NOT NULL, name_tsv tsvector NOT NULL);
        CREATE INDEX IF NOT EXISTS search_docs_tsv ON search_docs USING gin(tsv);
        CREATE INDEX IF NOT EXISTS search_docs_xy ON search_docs USING gist(xy);
        CREATE INDEX IF NOT EXISTS search_docs_placeless ON search_docs USING gin(tsv, tags) WHERE NOT has_location;
        CREATE INDEX IF NOT EXISTS search_docs_next ON search_docs(next_session);
        CREATE TABLE IF NOT EXISTS search_sessions(doc_no bigint NOT NULL, dow int NOT NULL, opens int NOT NULL, closes int NOT NULL);
        CREATE INDEX IF NOT EXISTS search_sessions_day ON search_sessions(dow, opens, closes, doc_no);
        CREATE INDEX IF NOT EXISTS search_sessions_doc ON search_sessions(doc_no);
        CREATE TABLE IF NOT EXISTS search_points(doc_no bigint NOT NULL, xy point NOT NULL);
        CREATE INDEX IF NOT EXISTS search_points_xy ON search_points USING gist(xy);
        CREATE INDEX IF NOT EXISTS search_points_doc ON search_points(doc_no);
        CREATE TABLE IF NOT EXISTS search_words(word text PRIMARY KEY);
        CREATE INDEX IF NOT EXISTS search_words_trgm ON search_words USING gin(word gin_trgm_ops);
        """;

    private const string Tsv = """
        setweight(to_tsvector('english', unaccent(name)), 'A') ||
        setweight(to_tsvector('english', unaccent(coalesce(tax, '') || ' ' || coalesce(summary, ''))), 'B') ||
        setweight(to_tsvector('english', unaccent(coalesce(description, ''))), 'C') ||
        setweight(to_tsvector('english', unaccent(org)), 'D')
        """;

    public async Task<bool> EnsureIndexAsync(CancellationToken ct)
    {
        // The version first: another version's tables may lack what this schema indexes (the rebuild replaces them).
        await Execute(Meta, ct);
        var version = await Scalar("SELECT value FROM search_meta WHERE key = 'version'", ct);
        if (version?.ToString() != ISearchBackend.IndexVersion.ToString()) return true;
        await Execute(Schema, ct);
        return await Scalar("SELECT 1 FROM search_docs LIMIT 1", ct) is null;
    }

    public async Task ResetAsync(CancellationToken ct)
    {
        // search_tags: a table of earlier index versions (tags are an array on the listing row since version 4).
        await Execute("DROP TABLE IF EXISTS search_docs, search_tags, search_sessions, search_points, search_words", ct);
        await Execute(Schema, ct);
        await Execute($"INSERT INTO search_meta(key, value) VALUES ('version', '{ISearchBackend.IndexVersion}') ON CONFLICT (key) DO UPDATE SET value = excluded.value", ct);
    }

    /// <summary>
    /// One statement per table for the whole batch (arrays unnested server-side), so a full rebuild of 100k listings
    /// costs a few hundred round trips, not six per listing.
    /// </summary>
    public async Task UpsertAsync(IReadOnlyList<SearchDocument> documents, CancellationToken ct)
    {
        if (documents.Count == 0) return;
        await using var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var docs = documents.DistinctBy(d => d.Id).ToList();
        var ids = docs.Select(d => d.Id).ToArray();
        // Two events for one listing may re-index it at once: without the lock each transaction deletes nothing the
        // other has not committed, and the second insert fails on the listing's id. Locks are taken in one order.
        await Execute("SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(id::text, 4) AS k FROM unnest(@ids) AS id ORDER BY 1) s",
            ct, ("ids", ids));
        await Remove(ids, ct);
        await Execute($"""
            INSERT INTO search_docs(id, name, organisation_name, summary, description, min_age, max_age, is_free, cost_description,
              attending_type, accepting, suspended, suspension_note, alternative, last_verified, next_session, wards, has_location, xy, tags, tsv, name_tsv)
            SELECT id, name, org, summary, description, min_age, max_age, free, cost, attending, accepting, suspended, note,
              alternative, verified, next, wards, has_location, point(x, y), string_to_array(tags, chr(31)), {Tsv}, to_tsvector('english', unaccent(name))
            FROM unnest(@ids, @names, @orgs, @summaries, @descriptions, @taxes, @minAges, @maxAges, @frees, @costs, @attendings,
              @acceptings, @suspendeds, @notes, @alternatives, @verifieds, @nexts, @wards, @hasLocations, @xs, @ys, @tags)
              AS d(id, name, org, summary, description, tax, min_age, max_age, free, cost, attending, accepting, suspended, note,
                   alternative, verified, next, wards, has_location, x, y, tags)
            """, ct, ("ids", ids), ("names", docs.Select(d => d.Name).ToArray()), ("orgs", docs.Select(d => d.OrganisationName).ToArray()),
            ("summaries", docs.Select(d => d.Summary).ToArray()), ("descriptions", docs.Select(d => d.Description).ToArray()),
            ("taxes", docs.Select(d => d.TaxonomyText).ToArray()), ("minAges", docs.Select(d => d.MinimumAge).ToArray()),
            ("maxAges", docs.Select(d => d.MaximumAge).ToArray()), ("frees", docs.Select(d => d.IsFree).ToArray()),
            ("costs", docs.Select(d => d.CostDescription).ToArray()), ("attendings", docs.Select(d => d.AttendingType).ToArray()),
            ("acceptings", docs.Select(d => d.AcceptingReferrals).ToArray()), ("suspendeds", docs.Select(d => d.Suspended).ToArray()),
            ("notes", docs.Select(d => d.SuspensionNote).ToArray()), ("alternatives", docs.Select(d => d.Alternative).ToArray()),
            ("verifieds", docs.Select(d => d.LastVerifiedAt.ToUnixTimeSeconds()).ToArray()),
            ("nexts", docs.Select(d => d.NextSession?.ToUnixTimeSeconds()).ToArray()),
            ("wards", docs.Select(d => string.Join('|', d.Wards)).ToArray()), ("hasLocations", docs.Select(d => d.Points.Count > 0).ToArray()),
            ("xs", docs.Select(d => OnlyPlace(d)?.X).ToArray()), ("ys", docs.Select(d => OnlyPlace(d)?.Y).ToArray()),
            // A jagged array cannot be unnested: each listing's tags travel as one string split server-side.
            ("tags", docs.Select(d => string.Join('\u001f', FacetTags(d))).ToArray()));

        var sessions = docs.SelectMany(d => d.Sessions.Select(s => (d.Id, s))).ToList();
        await Execute("""
            INSERT INTO search_sessions(doc_no, dow, opens, closes) SELECT d.doc_no, s.dow, s.o, s.c
            FROM unnest(@ids, @days, @opens, @closes) AS s(id, dow, o, c) JOIN search_docs d ON d.id = s.id
            """, ct, ("ids", sessions.Select(s => s.Id).ToArray()), ("days", sessions.Select(s => (int)s.s.Day).ToArray()),
            ("opens", sessions.Select(s => s.s.OpensMinute).ToArray()), ("closes", sessions.Select(s => s.s.ClosesMinute).ToArray()));
        var points = docs.Where(d => d.Points.Count > 1)
            .SelectMany(d => d.Points.Select(p => (d.Id, XY: PlaneProjection.Project(p.Latitude, p.Longitude)))).ToList();
        await Execute("""
            INSERT INTO search_points(doc_no, xy) SELECT d.doc_no, point(p.x, p.y)
            FROM unnest(@ids, @xs, @ys) AS p(id, x, y) JOIN search_docs d ON d.id = p.id
            """, ct, ("ids", points.Select(p => p.Id).ToArray()), ("xs", points.Select(p => p.XY.X).ToArray()),
            ("ys", points.Select(p => p.XY.Y).ToArray()));
        await Execute("INSERT INTO search_words(word) SELECT DISTINCT unnest(@words) ON CONFLICT DO NOTHING", ct,
            ("words", docs.SelectMany(IndexWords.From).Distinct().ToArray()));
        if (owned is not null) await owned.CommitAsync(ct);
    }

    /// <summary>The place of a listing with exactly one, stored on its row; several places go to search_points.</summary>
    private static (double X, double Y)? OnlyPlace(SearchDocument d) =>
        d.Points.Count == 1 ? PlaneProjection.Project(d.Points[0].Latitude, d.Points[0].Longitude) : null;

    public Task RemoveAsync(Guid serviceId, CancellationToken ct) => Remove([serviceId], ct);

    // CLUSTER puts neighbouring listings on the same pages (a 5 km circle's few hundred rows read from a few dozen
    // pages instead of one page each; later edits land elsewhere until the next rebuild). VACUUM as well: after a bulk
    // load it sets the visibility map at once, instead of autovacuum doing it in the middle of the first searches.
    public async Task AnalyzeAsync(CancellationToken ct)
    {
        await Execute("CLUSTER search_docs USING search_docs_xy", ct);
        await Execute("VACUUM (ANALYZE) search_docs, search_sessions, search_points, search_words", ct);
    }

    private Task Remove(Guid[] ids, CancellationToken ct) => Execute("""
        WITH gone AS (DELETE FROM search_docs WHERE id = ANY(@ids) RETURNING doc_no),
             s AS (DELETE FROM search_sessions WHERE doc_no IN (SELECT doc_no FROM gone))
        DELETE FROM search_points WHERE doc_no IN (SELECT doc_no FROM gone)
        """, ct, ("ids", ids));

    public async Task<IReadOnlyList<Guid>> PastNextSessionAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var command = await Command("SELECT id FROM search_docs WHERE next_session < @now LIMIT @limit", ct,
            ("now", now.ToUnixTimeSeconds()), ("limit", limit));
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
        return ids;
    }

    /// <summary>
    /// One statement: the matched set (with rank and distance, computed while its rows are read anyway) is
    /// materialised once, then counted, faceted from its tag arrays and ordered; only the page's 20 rows are joined
    /// back for display and snippets. With a radius the set is the listings with their one place inside the circle
    /// (GiST on the row's point, one pass over clustered rows), those with several places and one inside (GiST on
    /// search_points), and, when asked for, those with no place at all (a partial index): disjoint parts, because one
    /// "no place OR inside" filter makes PostgreSQL read every text match's row. When the placeless are not asked for,
    /// whether any would match is one EXISTS over a CTE that stops at the first (a CTE, so it is planned to use the
    /// index for all its rows rather than a scan that hopes to find one early).
    /// </summary>
    public async Task<SearchPage> SearchAsync(SearchCriteria c, CancellationToken ct)
    {
        var clock = new SearchSql.SqlClock();
        await using var command = await Command("", ct);
        var where = SearchSql.Filters(c, command, TagArray, filterValuesAreTags: true);
        var tsquery = c.Text is { } text ? TsQuery(text, command) : null;
        if (tsquery is not null) where.Add("d.tsv @@ (SELECT q FROM query)");
        // ts_rank reads the whole vector (the costliest step with thousands of matches), so every match gets a cheap
        // provisional rank (is the query in the name?) and only the best candidates by it are ranked exactly.
        var provisional = tsquery is null ? "1.0::real" : "CASE WHEN d.name_tsv @@ (SELECT q FROM query) THEN 1.0 ELSE 0.3 END";
        var rank = tsquery is null ? "1.0::real" : "ts_rank(s.tsv, (SELECT q FROM query))";
        string Part(string from, string distance, params string[] more) =>
            $"SELECT d.doc_no, d.name, d.attending_type, d.is_free, d.accepting, d.tags, d.last_verified, d.next_session, {provisional} AS text_rank, " +
            $"{distance} AS distance_km FROM {from} WHERE {string.Join(" AND ", where.Concat(more).DefaultIfEmpty("true"))}";

        var ctes = new List<string>();
        var remoteLeftOut = "false";
        string matched;
        if (c.Near is { } place)
        {
            var (x, y) = PlaneProjection.Project(place.Latitude, place.Longitude);
            var scale = PlaneProjection.Scale(place.Latitude, place.Longitude);
            SearchSql.Add(command, "centre", Invariant($"({x:R}, {y:R})"));
            SearchSql.Add(command, "planeMetresPerKm", 1000 * scale);
            if (place.RadiusKm is { } radius)
            {
                SearchSql.Add(command, "circle", Invariant($"<({x:R}, {y:R}), {radius * 1000 * scale:R}>"));
                static string Inside(string xy) => $"{xy} <@ @circle::circle";
                ctes.Add($"""
                    near AS (SELECT p.doc_no, min({Kilometres("p.xy")}) AS distance_km FROM search_points p WHERE {Inside("p.xy")} GROUP BY p.doc_no)
                    """);
                // OFFSET 0 keeps the circle's rows as the only way in: PostgreSQL otherwise ANDs the GiST bitmap with
                // the text index's, whose bitmap for a common word (thousands of listings) costs several times more
                // than checking the circle's few hundred rows.
                matched = Part($"(SELECT * FROM search_docs d WHERE {Inside("d.xy")} OFFSET 0) d", Kilometres("d.xy"))
                    + "\nUNION ALL\n" + Part("near n JOIN search_docs d ON d.doc_no = n.doc_no", "n.distance_km");
                var remote = Part("search_docs d", "NULL::double precision", "NOT d.has_location");
                if (c.IncludeRemote) matched += "\nUNION ALL\n" + remote;
                else
                {
                    ctes.Add($"remote AS MATERIALIZED ({remote})");
                    remoteLeftOut = "EXISTS (SELECT 1 FROM remote)";
                }
            }
            else
            {
                matched = Part("search_docs d", $"coalesce({Kilometres("d.xy")}, (SELECT min({Kilometres("p.xy")}) FROM search_points p WHERE p.doc_no = d.doc_no))");
            }
        }
        else
        {
            matched = Part("search_docs d", "NULL::double precision");
        }
        SearchSql.Add(command, "staleBefore", c.StaleBefore.ToUnixTimeSeconds());
        SearchSql.Add(command, "limit", c.PageSize);
        SearchSql.Add(command, "offset", (c.Page - 1) * c.PageSize);
        SearchSql.Add(command, "candidates", Math.Max(ExactlyRanked, 4 * c.Page * c.PageSize));
        var snippet = tsquery is null ? "NULL::text"
            : "ts_headline('english', coalesce(d.description, d.summary, ''), (SELECT q FROM query), 'StartSel=\u0001, StopSel=\u0002, MaxWords=30, MinWords=12, MaxFragments=1')";

        command.CommandText = $"""
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
            SELECT t.total, t.facets, t.remote_left_out, d.doc_no, d.id, d.name, d.organisation_name, d.summary, d.is_free,
              d.cost_description, d.attending_type, d.accepting, d.wards, d.last_verified, d.next_session, d.suspended,
              d.suspension_note, d.alternative, p.distance_km, p.score, {snippet} AS snippet
            FROM (SELECT (SELECT count(*) FROM matched) AS total, {remoteLeftOut} AS remote_left_out,
                         (SELECT coalesce(json_agg(json_build_array(tag, n)), '[]') FROM facets)::text AS facets) t
            LEFT JOIN (page p JOIN search_docs d ON d.doc_no = p.doc_no) ON true
            ORDER BY {SearchSql.OrderBy(c, "p")}
            """;
        clock.Start();
        await using var reader = await command.ExecuteReaderAsync(ct);
        var total = 0;
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> facets = new Dictionary<string, IReadOnlyDictionary<string, int>>();
        var hits = new List<SearchHit>();
        var leftOut = false;
        while (await reader.ReadAsync(ct))
        {
            total = Convert.ToInt32(reader["total"]);
            leftOut = (bool)reader["remote_left_out"];
            facets = ParseFacets((string)reader["facets"]);
            if (reader["doc_no"] is DBNull) continue;
            var marked = reader["snippet"] as string;
            var hit = SearchSql.Hit(reader, c, null);
            hits.Add(hit with { Snippet = SearchSql.Highlight(marked ?? hit.Summary) });
        }
        clock.Stop();
        return new SearchPage(total, hits, facets, clock.Elapsed, leftOut);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Km on the ground from the search centre to a stored point (see <see cref="PlaneProjection"/>).</summary>
    private static string Kilometres(string xy) => $"({xy} <-> @centre::point) / @planeMetresPerKm";

    /// <summary>How many matches, best by the provisional rank, are ranked exactly for a page.</summary>
    private const int ExactlyRanked = 200;

    private static string Tag(string kind, string value) => $"{kind}:{value}";

    /// <summary>
    /// Every facet value of a listing as "kind:value", the filter columns' facets included, so the facet counts are
    /// one pass over the matches' arrays.
    /// </summary>
    private static IEnumerable<string> FacetTags(SearchDocument d) =>
        d.Tags().Append(("attendingType", d.AttendingType)).Append(("cost", d.IsFree ? "free" : "paid"))
            .Append(("acceptingReferrals", d.AcceptingReferrals)).Select(t => Tag(t.Item1, t.Item2));

    /// <summary>Tags live on the listing's row, so a tag test is a check on a row already being read, not a join.</summary>
    private static string TagArray(DbCommand command, string kind, IReadOnlyList<string> anyOf, bool ignoreCase, string prefix) =>
        ignoreCase
            ? $"EXISTS (SELECT 1 FROM unnest(d.tags) AS tag WHERE lower(tag) IN ({string.Join(", ", anyOf.Select((v, i) => $"lower({SearchSql.Param(command, $"{prefix}{i}", Tag(kind, v))})"))}))"
            : $"d.tags && ARRAY[{SearchSql.List(command, prefix, [.. anyOf.Select(v => Tag(kind, v))])}]::text[]";

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> ParseFacets(string json)
    {
        var facets = SearchSql.FacetNames.ToDictionary(n => n, _ => new Dictionary<string, int>());
        foreach (var row in System.Text.Json.JsonDocument.Parse(json).RootElement.EnumerateArray())
        {
            var tag = row[0].GetString()!;
            var colon = tag.IndexOf(':');
            facets[tag[..colon]][tag[(colon + 1)..]] = row[1].GetInt32();
        }
        return facets.ToDictionary(f => f.Key, f => (IReadOnlyDictionary<string, int>)f.Value);
    }

    /// <summary>Typed search syntax goes to websearch_to_tsquery as is; planned groups become phrase queries joined by && (strict) or || (loose).</summary>
    private static string TsQuery(TextQuery text, DbCommand command)
    {
        if (text.Verbatim) return $"websearch_to_tsquery('english', unaccent({SearchSql.Param(command, "raw", text.Raw)}))";
        var n = 0;
        var groups = text.Groups.Select(g => "(" + string.Join(" || ", g.Select(p =>
            $"phraseto_tsquery('english', unaccent({SearchSql.Param(command, $"t{n++}", p)}))")) + ")");
        return string.Join(text.Loose ? " || " : " && ", groups);
    }

    public async Task<IReadOnlyDictionary<string, string>> CorrectSpellingAsync(IReadOnlyList<string> words, CancellationToken ct)
    {
        var corrections = new Dictionary<string, string>();
        foreach (var word in words.Where(w => w.Length >= 4 && !w.Any(char.IsDigit)))
        {
            if (await Scalar("SELECT 1 FROM search_words WHERE word = @w", ct, ("w", word)) is not null) continue;
            // % uses the trigram index (similarity above pg_trgm.similarity_threshold, 0.3); the closest wins.
            if (await Scalar("SELECT word FROM search_words WHERE word % @w ORDER BY similarity(word, @w) DESC, word LIMIT 1", ct, ("w", word)) is string found)
                corrections[word] = found;
        }
        return corrections;
    }

    public async Task<IReadOnlySet<string>> KnownWordsAsync(IReadOnlyList<string> words, CancellationToken ct)
    {
        await using var command = await Command("SELECT word FROM search_words WHERE word = ANY(@words)", ct, ("words", words.Distinct().ToArray()));
        var known = new HashSet<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) known.Add(reader.GetString(0));
        return known;
    }

    private async Task<DbCommand> Command(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await db.Database.OpenConnectionAsync(ct);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var (name, value) in parameters) SearchSql.Add(command, name, value);
        return command;
    }

    private async Task Execute(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = await Command(sql, ct, parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<object?> Scalar(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = await Command(sql, ct, parameters);
        var value = await command.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }
}
