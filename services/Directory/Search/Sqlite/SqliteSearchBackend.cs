using System.Data.Common;
using DirectoryService.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace DirectoryService.Search.Sqlite;

/// <summary>
/// SQLite FTS5 adapter (the embedded default). Text lives in an FTS5 table (porter + unicode61, bm25 with column
/// weights); every numeric, day/time and geo filter lives in ordinary indexed tables and an R*Tree joined on rowid,
/// never inside the MATCH (FTS5 with a range filter inside the query is the known slow case). Distance is haversine,
/// registered as a SQL function. Typos: a word table searched by length window and edit distance.
/// </summary>
public sealed class SqliteSearchBackend(DirectoryDb db) : ISearchBackend
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS search_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS search_docs(
          doc_no INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, organisation_name TEXT NOT NULL,
          summary TEXT, min_age INTEGER, max_age INTEGER, is_free INTEGER NOT NULL, cost_description TEXT,
          attending_type TEXT NOT NULL, accepting TEXT NOT NULL, suspended INTEGER NOT NULL, suspension_note TEXT,
          alternative TEXT, last_verified INTEGER NOT NULL, next_session INTEGER, wards TEXT, has_location INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS search_docs_next ON search_docs(next_session);
        CREATE TABLE IF NOT EXISTS search_tags(kind TEXT NOT NULL, value TEXT NOT NULL, doc_no INTEGER NOT NULL,
          PRIMARY KEY(kind, value, doc_no)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS search_tags_doc ON search_tags(doc_no);
        CREATE TABLE IF NOT EXISTS search_sessions(doc_no INTEGER NOT NULL, dow INTEGER NOT NULL, opens INTEGER NOT NULL, closes INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS search_sessions_day ON search_sessions(dow, opens, closes, doc_no);
        CREATE INDEX IF NOT EXISTS search_sessions_doc ON search_sessions(doc_no);
        CREATE VIRTUAL TABLE IF NOT EXISTS search_geo USING rtree(id, min_lat, max_lat, min_lon, max_lon, +doc_no INTEGER);
        CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(name, taxonomy, summary, description, organisation,
          tokenize = 'porter unicode61 remove_diacritics 2');
        CREATE TABLE IF NOT EXISTS search_words(word TEXT PRIMARY KEY, len INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS search_words_len ON search_words(len, word);
        """;

    /// <summary>Facet counts over the matches: each matched listing's tags looked up by listing (CROSS JOIN keeps that order).</summary>
    private const string Facets = """
        SELECT t.kind AS kind, t.value AS value, count(*) AS n FROM temp.search_matched m CROSS JOIN search_tags t ON t.doc_no = m.doc_no GROUP BY t.kind, t.value
        UNION ALL SELECT 'attendingType', m.attending_type, count(*) FROM temp.search_matched m GROUP BY m.attending_type
        UNION ALL SELECT 'cost', CASE WHEN m.is_free THEN 'free' ELSE 'paid' END, count(*) FROM temp.search_matched m GROUP BY 2
        UNION ALL SELECT 'acceptingReferrals', m.accepting, count(*) FROM temp.search_matched m GROUP BY m.accepting
        """;

    // Column weights for bm25: name, taxonomy, summary, description, organisation.
    private const string Bm25 = "bm25(search_fts, 10.0, 5.0, 4.0, 1.0, 3.0)";
    private const int PointsPerDoc = 16;
    private SqliteConnection? _functionsOn;

    public async Task<bool> EnsureIndexAsync(CancellationToken ct)
    {
        await Execute(Schema, ct);
        var version = await Scalar("SELECT value FROM search_meta WHERE key = 'version'", ct);
        var count = Convert.ToInt64(await Scalar("SELECT count(*) FROM search_docs", ct));
        return version?.ToString() != ISearchBackend.IndexVersion.ToString() || count == 0;
    }

    public async Task ResetAsync(CancellationToken ct)
    {
        await Execute("""
            DROP TABLE IF EXISTS search_docs; DROP TABLE IF EXISTS search_tags; DROP TABLE IF EXISTS search_sessions;
            DROP TABLE IF EXISTS search_geo; DROP TABLE IF EXISTS search_fts; DROP TABLE IF EXISTS search_words;
            """, ct);
        await Execute(Schema, ct);
        await Execute($"INSERT OR REPLACE INTO search_meta(key, value) VALUES ('version', '{ISearchBackend.IndexVersion}')", ct);
    }

    public async Task UpsertAsync(IReadOnlyList<SearchDocument> documents, CancellationToken ct)
    {
        await Open(ct);
        // Inside a consumer's inbox transaction the index change commits with it; otherwise batch in our own.
        await using var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using var writer = new BatchWriter(this);
        foreach (var doc in documents) await writer.Upsert(doc, ct);
        if (owned is not null) await owned.CommitAsync(ct);
    }

    /// <summary>One prepared command per statement, reused for every listing of a batch (a rebuild writes thousands).</summary>
    private sealed class BatchWriter(SqliteSearchBackend index) : IAsyncDisposable
    {
        private readonly Dictionary<string, DbCommand> _commands = [];

        public async Task Upsert(SearchDocument doc, CancellationToken ct)
        {
            var existing = await Scalar("SELECT doc_no FROM search_docs WHERE id = @id", ct, ("id", doc.Id.ToString()));
            if (existing is not null) await index.DeleteRows(Convert.ToInt64(existing), ct);

            var docNo = Convert.ToInt64(await Scalar("""
                INSERT INTO search_docs(doc_no, id, name, organisation_name, summary, min_age, max_age, is_free, cost_description,
                  attending_type, accepting, suspended, suspension_note, alternative, last_verified, next_session, wards, has_location)
                VALUES (@no, @id, @name, @org, @summary, @minAge, @maxAge, @free, @cost, @attending, @accepting, @suspended, @note,
                  @alternative, @verified, @next, @wards, @hasLocation) RETURNING doc_no
                """, ct, ("no", existing), ("id", doc.Id.ToString()), ("name", doc.Name), ("org", doc.OrganisationName), ("summary", doc.Summary),
                ("minAge", doc.MinimumAge), ("maxAge", doc.MaximumAge), ("free", doc.IsFree), ("cost", doc.CostDescription),
                ("attending", doc.AttendingType), ("accepting", doc.AcceptingReferrals), ("suspended", doc.Suspended),
                ("note", doc.SuspensionNote), ("alternative", doc.Alternative), ("verified", doc.LastVerifiedAt.ToUnixTimeSeconds()),
                ("next", doc.NextSession?.ToUnixTimeSeconds()), ("wards", string.Join('|', doc.Wards)), ("hasLocation", doc.Points.Count > 0)));

            await Execute("INSERT INTO search_fts(rowid, name, taxonomy, summary, description, organisation) VALUES (@no, @name, @tax, @summary, @description, @org)",
                ct, ("no", docNo), ("name", doc.Name), ("tax", doc.TaxonomyText), ("summary", doc.Summary), ("description", doc.Description), ("org", doc.OrganisationName));
            foreach (var (kind, value) in doc.Tags())
                await Execute("INSERT OR IGNORE INTO search_tags(kind, value, doc_no) VALUES (@kind, @value, @no)", ct, ("kind", kind), ("value", value), ("no", docNo));
            foreach (var s in doc.Sessions)
                await Execute("INSERT INTO search_sessions(doc_no, dow, opens, closes) VALUES (@no, @dow, @opens, @closes)", ct,
                    ("no", docNo), ("dow", (int)s.Day), ("opens", s.OpensMinute), ("closes", s.ClosesMinute));
            foreach (var (p, i) in doc.Points.Take(PointsPerDoc).Select((p, i) => (p, i)))
                await Execute("INSERT INTO search_geo(id, min_lat, max_lat, min_lon, max_lon, doc_no) VALUES (@gid, @lat, @lat, @lon, @lon, @no)", ct,
                    ("gid", docNo * PointsPerDoc + i), ("lat", p.Latitude), ("lon", p.Longitude), ("no", docNo));
            foreach (var word in IndexWords.From(doc))
                await Execute("INSERT OR IGNORE INTO search_words(word, len) VALUES (@w, @len)", ct, ("w", word), ("len", word.Length));
        }

        private async Task<DbCommand> Prepared(string sql, CancellationToken ct, (string Name, object? Value)[] parameters)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = await index.Command(sql, ct, parameters);
                _commands[sql] = command;
                return command;
            }
            foreach (var (name, value) in parameters) command.Parameters[name].Value = value ?? DBNull.Value;
            return command;
        }

        private async Task Execute(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters) =>
            await (await Prepared(sql, ct, parameters)).ExecuteNonQueryAsync(ct);

        private async Task<object?> Scalar(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
        {
            var value = await (await Prepared(sql, ct, parameters)).ExecuteScalarAsync(ct);
            return value is DBNull ? null : value;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in _commands.Values) await command.DisposeAsync();
        }
    }

    public Task AnalyzeAsync(CancellationToken ct) => Execute("ANALYZE", ct);

    public async Task RemoveAsync(Guid serviceId, CancellationToken ct)
    {
        var existing = await Scalar("SELECT doc_no FROM search_docs WHERE id = @id", ct, ("id", serviceId.ToString()));
        if (existing is not null) await DeleteRows(Convert.ToInt64(existing), ct);
    }

    private Task DeleteRows(long docNo, CancellationToken ct) => Execute("""
        DELETE FROM search_fts WHERE rowid = @no; DELETE FROM search_tags WHERE doc_no = @no;
        DELETE FROM search_sessions WHERE doc_no = @no; DELETE FROM search_geo WHERE id BETWEEN @first AND @last;
        DELETE FROM search_docs WHERE doc_no = @no;
        """, ct, ("no", docNo), ("first", docNo * PointsPerDoc), ("last", docNo * PointsPerDoc + PointsPerDoc - 1));

    public async Task<IReadOnlyList<Guid>> PastNextSessionAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var command = await Command("SELECT id FROM search_docs WHERE next_session < @now LIMIT @limit", ct,
            ("now", now.ToUnixTimeSeconds()), ("limit", limit));
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(Guid.Parse(reader.GetString(0)));
        return ids;
    }

    public async Task<SearchPage> SearchAsync(SearchCriteria c, CancellationToken ct)
    {
        var clock = new SearchSql.SqlClock();
        await using var command = await Command("", ct);
        var where = SearchSql.Filters(c, command, SearchSql.TagTable);
        string source, rank;
        if (c.Text is { } text)
        {
            SearchSql.Add(command, "match", Fts5Query(text));
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
            SearchSql.Add(command, "lat", place.Latitude);
            SearchSql.Add(command, "lon", place.Longitude);
            var within = "";
            if (place.RadiusKm is { } radius)
            {
                var (minLat, maxLat, minLon, maxLon) = SearchVocabulary.BoundingBox(place.Latitude, place.Longitude, radius);
                SearchSql.Add(command, "radius", radius);
                SearchSql.Add(command, "minLat", minLat); SearchSql.Add(command, "maxLat", maxLat);
                SearchSql.Add(command, "minLon", minLon); SearchSql.Add(command, "maxLon", maxLon);
                within = "WHERE g.min_lat >= @minLat AND g.max_lat <= @maxLat AND g.min_lon >= @minLon AND g.max_lon <= @maxLon AND haversine_km(@lat, @lon, g.min_lat, g.min_lon) <= @radius";
                if (!c.IncludeRemote)
                    remoteLeftOut = $"SELECT EXISTS (SELECT 1 FROM {source} WHERE {string.Join(" AND ", where.Append("d.has_location = 0"))});";
                where.Add(c.IncludeRemote ? "(d.has_location = 0 OR n.doc_no IS NOT NULL)" : "n.doc_no IS NOT NULL");
            }
            near = $"WITH near AS MATERIALIZED (SELECT g.doc_no, min(haversine_km(@lat, @lon, g.min_lat, g.min_lon)) AS distance_km FROM search_geo g {within} GROUP BY g.doc_no)";
            source += " LEFT JOIN near n ON n.doc_no = d.doc_no";
            distance = "n.distance_km";
        }
        SearchSql.Add(command, "staleBefore", c.StaleBefore.ToUnixTimeSeconds());
        SearchSql.Add(command, "limit", c.PageSize);
        SearchSql.Add(command, "offset", (c.Page - 1) * c.PageSize);
        var filter = where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);

        // The matched set (with rank and distance) is materialised once per query in a temp table (per connection),
        // then counted, faceted and ordered; only the page's rows are read in full and snippeted.
        command.CommandText = $"""
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
        clock.Start();
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var total = Convert.ToInt32(reader.GetValue(0));
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var leftOut = Convert.ToBoolean(reader.GetValue(0));
        await reader.NextResultAsync(ct);
        var facets = await SearchSql.ReadFacets(reader, ct);
        await reader.NextResultAsync(ct);
        var rows = new List<(long DocNo, SearchHit Hit)>();
        while (await reader.ReadAsync(ct)) rows.Add((reader.GetInt64(reader.GetOrdinal("doc_no")), SearchSql.Hit(reader, c, null)));
        await reader.DisposeAsync();
        var snippets = c.Text is null || rows.Count == 0 ? new Dictionary<long, string>() : await Snippets(rows.Select(r => r.DocNo), ct);
        clock.Stop();
        return new SearchPage(total, [.. rows.Select(r => r.Hit with
            {
                Snippet = snippets.TryGetValue(r.DocNo, out var marked) ? SearchSql.Highlight(marked) : SearchSql.Highlight(r.Hit.Summary),
            })],
            facets, clock.Elapsed, leftOut);

        async Task<Dictionary<long, string>> Snippets(IEnumerable<long> docNos, CancellationToken token)
        {
            await using var snippet = await Command($"""
                SELECT rowid, snippet(search_fts, -1, char(1), char(2), '…', 24) FROM search_fts
                WHERE search_fts MATCH @match AND rowid IN ({string.Join(',', docNos)})
                """, token, ("match", command.Parameters["match"].Value));
            var result = new Dictionary<long, string>();
            await using var r = await snippet.ExecuteReaderAsync(token);
            while (await r.ReadAsync(token)) result[r.GetInt64(0)] = r.GetString(1);
            return result;
        }
    }

    /// <summary>Groups of alternatives as an FTS5 expression: ("a b" OR "c") AND ("d"). Every phrase is quoted, so no user syntax reaches FTS5.</summary>
    internal static string Fts5Query(TextQuery text) =>
        string.Join(text.Loose ? " OR " : " AND ", text.Groups.Select(g =>
            "(" + string.Join(" OR ", g.Select(p => "\"" + p.Replace("\"", "\"\"") + "\"")) + ")"));

    public async Task<IReadOnlyDictionary<string, string>> CorrectSpellingAsync(IReadOnlyList<string> words, CancellationToken ct)
    {
        var corrections = new Dictionary<string, string>();
        foreach (var word in words.Where(w => w.Length >= 4 && !w.Any(char.IsDigit)))
        {
            if (await Scalar("SELECT 1 FROM search_words WHERE word = @w", ct, ("w", word)) is not null) continue;
            var maxEdits = word.Length >= 8 ? 2 : 1;
            var best = await Scalar("""
                SELECT word FROM search_words WHERE len BETWEEN @min AND @max AND edit_distance(word, @w) <= @edits
                ORDER BY edit_distance(word, @w), abs(len - @len) LIMIT 1
                """, ct, ("w", word), ("min", word.Length - maxEdits), ("max", word.Length + maxEdits), ("edits", maxEdits), ("len", word.Length));
            if (best is string found) corrections[word] = found;
        }
        return corrections;
    }

    public async Task<IReadOnlySet<string>> KnownWordsAsync(IReadOnlyList<string> words, CancellationToken ct)
    {
        var known = new HashSet<string>();
        foreach (var word in words.Distinct())
            if (await Scalar("SELECT 1 FROM search_words WHERE word = @w", ct, ("w", word)) is not null) known.Add(word);
        return known;
    }

    private async Task<SqliteConnection> Open(CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        if (ReferenceEquals(_functionsOn, connection)) return connection;
        _functionsOn = connection;
        connection.CreateFunction<double, double, double, double, double>("haversine_km", SearchVocabulary.HaversineKm, isDeterministic: true);
        connection.CreateFunction<string, string, int>("edit_distance", EditDistance.Between, isDeterministic: true);
        return connection;
    }

    private async Task<DbCommand> Command(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        var connection = await Open(ct);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction() ?? null;
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
