using System.Data.Common;
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
          cost_pence int, attending_type text NOT NULL, accepting text NOT NULL, suspended boolean NOT NULL, suspension_note text,
          alternative text, last_verified bigint NOT NULL, next_session bigint, wards text, languages text, accessibility text, has_location boolean NOT NULL,
          xy point, tags text[] NOT NULL, tsv tsvector NOT NULL, name_tsv tsvector NOT NULL);
        CREATE INDEX IF NOT EXISTS search_docs_tsv ON search_docs USING gin(tsv);
        CREATE INDEX IF NOT EXISTS search_docs_xy ON search_docs USING gist(xy);
        CREATE INDEX IF NOT EXISTS search_docs_placeless ON search_docs USING gin(tsv, tags) WHERE NOT has_location;
        CREATE INDEX IF NOT EXISTS search_docs_placeless_order ON search_docs(doc_no) WHERE NOT has_location;
        CREATE INDEX IF NOT EXISTS search_docs_next ON search_docs(next_session);
        CREATE TABLE IF NOT EXISTS search_sessions(doc_no bigint NOT NULL, dow int NOT NULL, opens int NOT NULL, closes int NOT NULL);
        CREATE INDEX IF NOT EXISTS search_sessions_day ON search_sessions(dow, opens, closes, doc_no);
        CREATE INDEX IF NOT EXISTS search_sessions_doc ON search_sessions(doc_no);
        CREATE TABLE IF NOT EXISTS search_points(doc_no bigint NOT NULL, xy point NOT NULL);
        CREATE INDEX IF NOT EXISTS search_points_xy ON search_points USING gist(xy);
        CREATE INDEX IF NOT EXISTS search_points_doc ON search_points(doc_no);
        CREATE TABLE IF NOT EXISTS search_words(word text PRIMARY KEY);
        CREATE INDEX IF NOT EXISTS search_words_trgm ON search_words USING gin(word gin_trgm_ops);
        CREATE SEQUENCE IF NOT EXISTS search_vectors_seq;
        CREATE TABLE IF NOT EXISTS search_vectors(id uuid PRIMARY KEY, seq bigint NOT NULL, vec bytea NOT NULL, text_key text);
        CREATE INDEX IF NOT EXISTS search_vectors_seq_ix ON search_vectors(seq);
        """;

    // The text columns (tname, tsummary, tdescription) hold the English and the listing's translations (SearchDocument.Indexed*);
    // the stored name, summary and description are the English, for display.
    private const string Tsv = """
        setweight(to_tsvector('english', unaccent(tname)), 'A') ||
        setweight(to_tsvector('english', unaccent(coalesce(tax, '') || ' ' || coalesce(tsummary, ''))), 'B') ||
        setweight(to_tsvector('english', unaccent(coalesce(tdescription, ''))), 'C') ||
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
        // The vectors' sequence is kept across rebuilds, and a rebuild starts a new epoch: a process holding the old
        // vectors in memory sees the epoch change and reloads them all. The embeddings themselves outlive the index:
        // added to those an interrupted rebuild kept, dropped once a rebuild is done.
        await Execute(EarlierVectors, ct);
        if (await Scalar("""
                SELECT 1 FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = 'search_vectors' AND column_name = 'text_key'
                """, ct) is not null)
            await Execute("INSERT INTO search_vectors_earlier(text_key, vec) SELECT text_key, vec FROM search_vectors WHERE text_key IS NOT NULL ON CONFLICT DO NOTHING", ct);
        await Execute("DROP TABLE IF EXISTS search_docs, search_tags, search_sessions, search_points, search_words, search_vectors", ct);
        await Execute(Schema, ct);
        await Execute($"INSERT INTO search_meta(key, value) VALUES ('version', '{ISearchBackend.IndexVersion}') ON CONFLICT (key) DO UPDATE SET value = excluded.value", ct);
        await Execute("INSERT INTO search_meta(key, value) VALUES ('epoch', @epoch) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            ct, ("epoch", Guid.NewGuid().ToString("N")));
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
              cost_pence, attending_type, accepting, suspended, suspension_note, alternative, last_verified, next_session, wards, languages, accessibility, has_location, xy, tags, tsv, name_tsv)
            SELECT id, name, org, summary, description, min_age, max_age, free, cost, pence, attending, accepting, suspended, note,
              alternative, verified, next, wards, languages, accessibility, has_location, point(x, y), string_to_array(tags, chr(31)), {Tsv}, to_tsvector('english', unaccent(tname))
            FROM unnest(@ids, @names, @orgs, @summaries, @descriptions, @taxes, @minAges, @maxAges, @frees, @costs, @pences, @attendings,
              @acceptings, @suspendeds, @notes, @alternatives, @verifieds, @nexts, @wards, @languages, @accessibilities, @hasLocations, @xs, @ys, @tags,
              @tnames, @tsummaries, @tdescriptions)
              AS d(id, name, org, summary, description, tax, min_age, max_age, free, cost, pence, attending, accepting, suspended, note,
                   alternative, verified, next, wards, languages, accessibility, has_location, x, y, tags, tname, tsummary, tdescription)
            """, ct, ("ids", ids), ("names", docs.Select(d => d.Name).ToArray()), ("orgs", docs.Select(d => d.OrganisationName).ToArray()),
            ("tnames", docs.Select(d => d.IndexedName).ToArray()), ("tsummaries", docs.Select(d => d.IndexedSummary).ToArray()),
            ("tdescriptions", docs.Select(d => d.IndexedDescription).ToArray()),
            ("summaries", docs.Select(d => d.Summary).ToArray()), ("descriptions", docs.Select(d => d.Description).ToArray()),
            ("taxes", docs.Select(d => d.TaxonomyText).ToArray()), ("minAges", docs.Select(d => d.MinimumAge).ToArray()),
            ("maxAges", docs.Select(d => d.MaximumAge).ToArray()), ("frees", docs.Select(d => d.IsFree).ToArray()),
            ("costs", docs.Select(d => d.CostDescription).ToArray()), ("pences", docs.Select(d => d.CostPence).ToArray()),
            ("attendings", docs.Select(d => d.AttendingType).ToArray()),
            ("acceptings", docs.Select(d => d.AcceptingReferrals).ToArray()), ("suspendeds", docs.Select(d => d.Suspended).ToArray()),
            ("notes", docs.Select(d => d.SuspensionNote).ToArray()), ("alternatives", docs.Select(d => d.Alternative).ToArray()),
            ("verifieds", docs.Select(d => d.LastVerifiedAt.ToUnixTimeSeconds()).ToArray()),
            ("nexts", docs.Select(d => d.NextSession?.ToUnixTimeSeconds()).ToArray()),
            ("wards", docs.Select(d => string.Join('|', d.Wards)).ToArray()),
            ("languages", docs.Select(d => SearchSql.JoinList(d.Languages)).ToArray()),
            ("accessibilities", docs.Select(d => SearchSql.JoinList(d.Accessibility)).ToArray()), ("hasLocations", docs.Select(d => d.Points.Count > 0).ToArray()),
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
        var embedded = docs.Where(d => d.Vector is not null).ToList();
        if (embedded.Count > 0)
            await Execute("""
                INSERT INTO search_vectors(id, seq, vec, text_key)
                SELECT v.id, nextval('search_vectors_seq'), v.vec, v.key FROM unnest(@ids, @vecs, @keys) AS v(id, vec, key)
                """, ct, ("ids", embedded.Select(d => d.Id).ToArray()), ("vecs", embedded.Select(d => Semantic.VectorBytes.From(d.Vector!)).ToArray()),
                ("keys", embedded.Select(d => d.VectorKey).ToArray()));
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
        WITH v AS (DELETE FROM search_vectors WHERE id = ANY(@ids)),
             gone AS (DELETE FROM search_docs WHERE id = ANY(@ids) RETURNING doc_no),
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

    /// <summary>The statement is <see cref="PostgresSearchStatement"/>'s; this runs it and reads the page.</summary>
    public async Task<SearchPage> SearchAsync(SearchCriteria c, CancellationToken ct)
    {
        var clock = new SearchSql.SqlClock();
        var statement = PostgresSearchStatement.Build(c);
        await using var command = await Command(statement.Sql, ct, [.. statement.Parameters.Select(p => (p.Key, p.Value))]);
        clock.Start();
        await using var reader = await command.ExecuteReaderAsync(ct);
        var total = 0;
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> facets = new Dictionary<string, IReadOnlyDictionary<string, int>>();
        var hits = new List<SearchHit>();
        var leftOut = false;
        Guid[]? filtered = null;
        var snippets = c.Text is { } text ? Snippet.For(text) : null;
        while (await reader.ReadAsync(ct))
        {
            total = Convert.ToInt32(reader["total"]);
            leftOut = (bool)reader["remote_left_out"];
            filtered ??= reader["filtered_ids"] as Guid[];
            if (reader["facets"] is string json) facets = ParseFacets(json);
            if (reader["doc_no"] is DBNull) continue;
            var hit = SearchSql.Hit(reader, c, null);
            hits.Add(hit with
            {
                Snippet = snippets is null ? SearchSql.Highlight(hit.Summary) : snippets.Of(reader["description"] as string ?? hit.Summary ?? ""),
            });
        }
        clock.Stop();
        await reader.DisposeAsync();
        var page = new SearchPage(total, hits, facets, clock.Elapsed, leftOut);
        if (c.FilteredIdsUpTo is not { } upTo) return page;
        // Read with the page when the statement could (a radius: PostgresSearchStatement), else by their own statement.
        return page with
        {
            FilteredIds = filtered is not null ? (filtered.Length > upTo ? null : filtered)
                : await FilteredIdsAsync(c, upTo, ct),
        };
    }

    public async Task<IReadOnlyList<Guid>> RankAsync(SearchCriteria c, CancellationToken ct)
    {
        var statement = PostgresSearchStatement.Ranked(c);
        await using var command = await Command(statement.Sql, ct, [.. statement.Parameters.Select(p => (p.Key, p.Value))]);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
        return ids;
    }

    public async Task<IReadOnlyList<Guid>?> FilteredIdsAsync(SearchCriteria c, int limit, CancellationToken ct)
    {
        var statement = PostgresSearchStatement.Filtered(c, limit + 1);
        await using var command = await Command(statement.Sql, ct, [.. statement.Parameters.Select(p => (p.Key, p.Value))]);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetGuid(0));
        return ids.Count > limit ? null : ids;
    }

    /// <summary>
    /// Every facet value of a listing as "kind:value", the filter columns' facets included, so the facet counts are
    /// one pass over the matches' arrays.
    /// </summary>
    private static IEnumerable<string> FacetTags(SearchDocument d) =>
        d.Tags().Append(("attendingType", d.AttendingType)).Append(("cost", d.IsFree ? "free" : "paid"))
            .Append(("acceptingReferrals", d.AcceptingReferrals)).Select(t => PostgresSearchStatement.Tag(t.Item1, t.Item2));

    private static Dictionary<string, IReadOnlyDictionary<string, int>> ParseFacets(string json)
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

    public async Task<IReadOnlyDictionary<string, string>> CorrectSpellingAsync(IReadOnlyList<string> words, CancellationToken ct)
    {
        var corrections = new Dictionary<string, string>();
        foreach (var word in words)
        {
            if (EditDistance.Allowed(word) is not { } maxEdits
                || await Scalar("SELECT 1 FROM search_words WHERE word = @w", ct, ("w", word)) is not null) continue;
            // % uses the trigram index (similarity above pg_trgm.similarity_threshold, 0.3) to shortlist; of those, the
            // nearest by edit distance within the bound both adapters keep (EditDistance.Allowed) wins. Similarity
            // alone is too lax: it turned "sailing" into another word and answered a query the directory cannot.
            await using var command = await Command(
                "SELECT word FROM search_words WHERE word % @w ORDER BY similarity(word, @w) DESC, word LIMIT 20", ct, ("w", word));
            var candidates = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) candidates.Add(reader.GetString(0));
            if (candidates.Select(c => (Word: c, Edits: EditDistance.Between(c, word))).Where(c => c.Edits <= maxEdits)
                    .OrderBy(c => c.Edits).FirstOrDefault() is { Word: { } found })
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

    private const string EarlierVectors = "CREATE TABLE IF NOT EXISTS search_vectors_earlier(text_key text PRIMARY KEY, vec bytea NOT NULL)";

    public async Task<IReadOnlyDictionary<string, float[]>> EarlierVectorsAsync(IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        await Execute(EarlierVectors, ct);
        await using var command = await Command("SELECT text_key, vec FROM search_vectors_earlier WHERE text_key = ANY(@keys)", ct, ("keys", keys.ToArray()));
        return await Semantic.VectorBytes.ByKeyAsync(command, ct);
    }

    public Task ForgetEarlierVectorsAsync(CancellationToken ct) => Execute("DROP TABLE IF EXISTS search_vectors_earlier", ct);

    public Task<VectorBatch> VectorsSinceAsync(string? epoch, long afterSeq, CancellationToken ct) =>
        Semantic.VectorBytes.SinceAsync((sql, parameters) => Command(sql, ct, parameters), epoch, afterSeq, ct);

    public async Task<bool> MissingVectorsAsync(CancellationToken ct) =>
        await Scalar("SELECT 1 FROM search_docs d WHERE NOT EXISTS (SELECT 1 FROM search_vectors v WHERE v.id = d.id) LIMIT 1", ct) is not null;

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
