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
          cost_pence INTEGER, attending_type TEXT NOT NULL, accepting TEXT NOT NULL, suspended INTEGER NOT NULL, suspension_note TEXT,
          alternative TEXT, last_verified INTEGER NOT NULL, next_session INTEGER, wards TEXT, languages TEXT, accessibility TEXT,
          has_location INTEGER NOT NULL);
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
        CREATE TABLE IF NOT EXISTS search_vectors(id TEXT PRIMARY KEY, seq INTEGER NOT NULL, vec BLOB NOT NULL, text_key TEXT);
        CREATE INDEX IF NOT EXISTS search_vectors_seq ON search_vectors(seq);
        INSERT OR IGNORE INTO search_meta(key, value) VALUES ('vector_seq', '0');
        """;

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
        // The embeddings outlive the index: added to those an interrupted rebuild kept, dropped once a rebuild is done.
        await Execute(EarlierVectors, ct);
        if (await Scalar("SELECT 1 FROM pragma_table_info('search_vectors') WHERE name = 'text_key'", ct) is not null)
            await Execute("INSERT OR IGNORE INTO search_vectors_earlier(text_key, vec) SELECT text_key, vec FROM search_vectors WHERE text_key IS NOT NULL", ct);
        await Execute("""
            DROP TABLE IF EXISTS search_docs; DROP TABLE IF EXISTS search_tags; DROP TABLE IF EXISTS search_sessions;
            DROP TABLE IF EXISTS search_geo; DROP TABLE IF EXISTS search_fts; DROP TABLE IF EXISTS search_words;
            DROP TABLE IF EXISTS search_vectors;
            """, ct);
        await Execute(Schema, ct);
        await Execute($"INSERT OR REPLACE INTO search_meta(key, value) VALUES ('version', '{ISearchBackend.IndexVersion}')", ct);
        // The vectors' write counter (vector_seq) is kept across rebuilds; a rebuild starts a new epoch.
        await Execute("INSERT OR REPLACE INTO search_meta(key, value) VALUES ('epoch', @epoch)", ct, ("epoch", Guid.NewGuid().ToString("N")));
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
            await Execute("DELETE FROM search_vectors WHERE id = @id", ct, ("id", doc.Id.ToString()));
            if (doc.Vector is { } vector)
            {
                var seq = await Scalar("UPDATE search_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'vector_seq' RETURNING CAST(value AS INTEGER)", ct);
                await Execute("INSERT INTO search_vectors(id, seq, vec, text_key) VALUES (@id, @seq, @vec, @key)", ct,
                    ("id", doc.Id.ToString()), ("seq", seq), ("vec", Semantic.VectorBytes.From(vector)), ("key", doc.VectorKey));
            }

            var docNo = Convert.ToInt64(await Scalar("""
                INSERT INTO search_docs(doc_no, id, name, organisation_name, summary, min_age, max_age, is_free, cost_description,
                  cost_pence, attending_type, accepting, suspended, suspension_note, alternative, last_verified, next_session, wards, languages, accessibility, has_location)
                VALUES (@no, @id, @name, @org, @summary, @minAge, @maxAge, @free, @cost, @pence, @attending, @accepting, @suspended, @note,
                  @alternative, @verified, @next, @wards, @languages, @accessibility, @hasLocation) RETURNING doc_no
                """, ct, ("no", existing), ("id", doc.Id.ToString()), ("name", doc.Name), ("org", doc.OrganisationName), ("summary", doc.Summary),
                ("minAge", doc.MinimumAge), ("maxAge", doc.MaximumAge), ("free", doc.IsFree), ("cost", doc.CostDescription), ("pence", doc.CostPence),
                ("attending", doc.AttendingType), ("accepting", doc.AcceptingReferrals), ("suspended", doc.Suspended),
                ("note", doc.SuspensionNote), ("alternative", doc.Alternative), ("verified", doc.LastVerifiedAt.ToUnixTimeSeconds()),
                ("next", doc.NextSession?.ToUnixTimeSeconds()), ("wards", string.Join('|', doc.Wards)),
                ("languages", SearchSql.JoinList(doc.Languages)), ("accessibility", SearchSql.JoinList(doc.Accessibility)), ("hasLocation", doc.Points.Count > 0)));

            await Execute("INSERT INTO search_fts(rowid, name, taxonomy, summary, description, organisation) VALUES (@no, @name, @tax, @summary, @description, @org)",
                ct, ("no", docNo), ("name", doc.IndexedName), ("tax", doc.TaxonomyText), ("summary", doc.IndexedSummary), ("description", doc.IndexedDescription), ("org", doc.OrganisationName));
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

        private async Task<DbCommand> Prepared(string sql, (string Name, object? Value)[] parameters, CancellationToken ct)
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
            await (await Prepared(sql, parameters, ct)).ExecuteNonQueryAsync(ct);

        private async Task<object?> Scalar(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
        {
            var value = await (await Prepared(sql, parameters, ct)).ExecuteScalarAsync(ct);
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
        await Execute("DELETE FROM search_vectors WHERE id = @id", ct, ("id", serviceId.ToString()));
    }

    public Task<VectorBatch> VectorsSinceAsync(string? epoch, long afterSeq, CancellationToken ct) =>
        Semantic.VectorBytes.SinceAsync((sql, parameters) => Command(sql, ct, parameters), epoch, afterSeq, ct);

    private const string EarlierVectors = "CREATE TABLE IF NOT EXISTS search_vectors_earlier(text_key TEXT PRIMARY KEY, vec BLOB NOT NULL) WITHOUT ROWID";

    public async Task<IReadOnlyDictionary<string, float[]>> EarlierVectorsAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        await Execute(EarlierVectors, ct);
        await using var command = await Command("SELECT text_key, vec FROM search_vectors_earlier WHERE text_key IN (SELECT value FROM json_each(@keys))", ct,
            ("keys", System.Text.Json.JsonSerializer.Serialize(keys)));
        return await Semantic.VectorBytes.ByKeyAsync(command, ct);
    }

    public Task ForgetEarlierVectorsAsync(CancellationToken ct) => Execute("DROP TABLE IF EXISTS search_vectors_earlier", ct);

    public async Task<bool> MissingVectorsAsync(CancellationToken ct) =>
        await Scalar("SELECT 1 FROM search_docs d WHERE NOT EXISTS (SELECT 1 FROM search_vectors v WHERE v.id = d.id) LIMIT 1", ct) is not null;

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

    /// <summary>The statements are <see cref="SqliteSearchStatement"/>'s; this runs them and reads the page.</summary>
    public async Task<SearchPage> SearchAsync(SearchCriteria c, CancellationToken ct)
    {
        var clock = new SearchSql.SqlClock();
        var statement = SqliteSearchStatement.Build(c);
        await using var command = await Command(statement.Sql, ct, Parameters(statement));
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
            facets, clock.Elapsed, leftOut)
        {
            // In process, a statement of its own costs no round trip.
            FilteredIds = c.FilteredIdsUpTo is { } upTo ? await FilteredIdsAsync(c, upTo, ct) : null,
        };

        async Task<Dictionary<long, string>> Snippets(IEnumerable<long> docNos, CancellationToken token)
        {
            var query = SqliteSearchStatement.Snippets(statement.Parameters["match"], docNos);
            await using var snippet = await Command(query.Sql, token, Parameters(query));
            var result = new Dictionary<long, string>();
            await using var r = await snippet.ExecuteReaderAsync(token);
            while (await r.ReadAsync(token)) result[r.GetInt64(0)] = r.GetString(1);
            return result;
        }
    }

    public async Task<IReadOnlyList<Guid>> RankAsync(SearchCriteria c, CancellationToken ct)
    {
        var statement = SqliteSearchStatement.Ranked(c);
        await using var command = await Command(statement.Sql, ct, Parameters(statement));
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(Guid.Parse(reader.GetString(0)));
        return ids;
    }

    public async Task<IReadOnlyList<Guid>?> FilteredIdsAsync(SearchCriteria c, int limit, CancellationToken ct)
    {
        var statement = SqliteSearchStatement.Filtered(c, limit + 1);
        await using var command = await Command(statement.Sql, ct, Parameters(statement));
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(Guid.Parse(reader.GetString(0)));
        return ids.Count > limit ? null : ids;
    }

    private static (string Name, object? Value)[] Parameters(SearchStatement statement) =>
        [.. statement.Parameters.Select(p => (p.Key, p.Value))];

    public async Task<IReadOnlyDictionary<string, string>> CorrectSpellingAsync(IReadOnlyList<string> words, CancellationToken ct)
    {
        var corrections = new Dictionary<string, string>();
        foreach (var word in words)
        {
            if (EditDistance.Allowed(word) is not { } maxEdits
                || await Scalar("SELECT 1 FROM search_words WHERE word = @w", ct, ("w", word)) is not null) continue;
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
