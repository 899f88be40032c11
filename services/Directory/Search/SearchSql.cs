using System.Data.Common;
using System.Diagnostics;
using System.Net;

namespace DirectoryService.Search;

/// <summary>
/// What both adapters' SQL has in common: the non-text filters over ordinary indexed tables (search_docs,
/// search_tags, search_sessions), the facet query and the scoring rules. Text matching, distance and snippets are
/// each adapter's own.
/// </summary>
internal static class SearchSql
{
    public const double StaleFactor = 0.5;

    /// <summary>The same demotion <see cref="Score"/> applies to a text rank, for a rank computed in process.</summary>
    public static double Demotion(bool stale, double? distanceKm) =>
        (stale ? StaleFactor : 1.0) * (distanceKm is { } km ? 1.0 / (1.0 + km / DistanceHalfKm) : 1.0);

    /// <summary>Relevance decays with distance when a place is given: halved at this many km.</summary>
    public const double DistanceHalfKm = 4.0;

    /// <summary>
    /// How an adapter tests a listing's tags (taxonomy, accessibility, language, ward): true when the listing has
    /// any of <paramref name="anyOf"/> under <paramref name="kind"/>.
    /// </summary>
    public delegate string TagTest(SqlParameters parameters, string kind, IReadOnlyList<string> anyOf, bool ignoreCase, string parameterPrefix);

    /// <summary>The tag table (search_tags), one indexed row per listing and tag.</summary>
    public static string TagTable(SqlParameters parameters, string kind, IReadOnlyList<string> anyOf, bool ignoreCase, string prefix) =>
        ignoreCase
            ? $"d.doc_no IN (SELECT t.doc_no FROM search_tags t WHERE t.kind = '{kind}' AND lower(t.value) IN ({string.Join(", ", anyOf.Select((v, i) => $"lower({parameters.Add($"{prefix}{i}", v)})"))}))"
            : $"d.doc_no IN (SELECT t.doc_no FROM search_tags t WHERE t.kind = '{kind}' AND t.value IN ({parameters.List(prefix, anyOf)}))";

    /// <param name="filterValuesAreTags">
    /// The adapter's tags also hold each listing's days, attending type, cost and accepting-referrals value, so those
    /// filters are tag tests too (one array test on PostgreSQL, which its indexes can combine with the text's).
    /// </param>
    /// <param name="uuidIds">Listing ids are a uuid column (PostgreSQL), not text (SQLite).</param>
    public static List<string> Filters(SearchCriteria c, SqlParameters parameters, TagTest tags, bool filterValuesAreTags = false, bool uuidIds = false)
    {
        var where = new List<string>();
        if (c.OnlyIds is { } only)
        {
            where.Add(only.Count == 0 ? "1 = 0"
                : uuidIds ? $"d.id = ANY({parameters.Add("onlyIds", only.ToArray())})"
                : $"d.id IN ({parameters.List("onlyId", [.. only.Select(id => id.ToString())])})");
        }
        if (!c.IncludeSuspended) where.Add($"d.suspended = {parameters.Add("notSuspended", false)}");
        if (c.Taxonomy.Count > 0) where.Add(tags(parameters, "taxonomy", c.Taxonomy, false, "tax"));
        foreach (var (feature, i) in c.Accessibility.Select((a, i) => (a, i)))
            where.Add(tags(parameters, "accessibility", [feature], false, $"acc{i}_"));
        if (c.Language is { } language) where.Add(tags(parameters, "language", [language], true, "lang"));
        if (c.Ward is { } ward) where.Add(tags(parameters, "ward", [ward], true, "ward"));
        if (filterValuesAreTags && c.Days.Count > 0 && c.FromMinute is null && c.ToMinute is null)
        {
            where.Add(tags(parameters, "day", [.. c.Days.Select(SearchVocabulary.DayName)], false, "dow"));
        }
        else if (c.Days.Count > 0 || c.FromMinute is not null || c.ToMinute is not null)
        {
            var session = new List<string>();
            if (c.Days is [var day]) session.Add($"s.dow = {parameters.Add("dow", (int)day)}");
            else if (c.Days.Count > 1) session.Add($"s.dow IN ({string.Join(", ", c.Days.Select((d, i) => parameters.Add($"dow{i}", (int)d)))})");
            // Overlap with the window: opens before it ends and closes after it starts.
            if (c.ToMinute is { } to) session.Add($"s.opens < {parameters.Add("toMin", to)}");
            if (c.FromMinute is { } from) session.Add($"s.closes > {parameters.Add("fromMin", from)}");
            where.Add($"d.doc_no IN (SELECT s.doc_no FROM search_sessions s WHERE {string.Join(" AND ", session)})");
        }
        if (c.NextSessionBefore is { } before)
        {
            where.Add($"d.next_session IS NOT NULL AND d.next_session < {parameters.Add("nextBefore", before.ToUnixTimeSeconds())}");
        }
        if (c.Age is { } age)
        {
            var at = parameters.Add("age", age);
            where.Add($"(d.min_age IS NULL OR d.min_age <= {at}) AND (d.max_age IS NULL OR d.max_age >= {at})");
        }
        if (filterValuesAreTags)
        {
            if (c.Free is { } isFree) where.Add(tags(parameters, "cost", [isFree ? "free" : "paid"], false, "cost"));
            if (c.AttendingType is { } type) where.Add(tags(parameters, "attendingType", [type], false, "attending"));
        }
        else
        {
            if (c.Free is { } free) where.Add($"d.is_free = {parameters.Add("free", free)}");
            if (c.AttendingType is { } attending) where.Add($"d.attending_type = {parameters.Add("attending", attending)}");
        }
        // Not accepting is every value but "yes", so only accepting is a tag test.
        if (c.AcceptingReferrals == true)
            where.Add(filterValuesAreTags ? tags(parameters, "acceptingReferrals", ["yes"], false, "accepting") : "d.accepting = 'yes'");
        else if (c.AcceptingReferrals == false)
            where.Add("d.accepting <> 'yes'");
        return where;
    }

    public static readonly string[] FacetNames = ["taxonomy", "day", "attendingType", "cost", "acceptingReferrals", "ward", "language", "accessibility"];

    public static async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>>> ReadFacets(DbDataReader reader, CancellationToken ct)
    {
        var facets = FacetNames.ToDictionary(n => n, _ => new Dictionary<string, int>());
        while (await reader.ReadAsync(ct))
            facets[reader.GetString(0)][reader.GetString(1)] = Convert.ToInt32(reader.GetValue(2));
        return facets.ToDictionary(f => f.Key, f => (IReadOnlyDictionary<string, int>)f.Value);
    }

    /// <summary>The page order, over columns of <paramref name="table"/> when given (score, distance_km, next_session, name).</summary>
    public static string OrderBy(SearchCriteria c, string? table = null)
    {
        var t = table is null ? "" : table + ".";
        return c.Sort switch
        {
            SearchSort.Distance => $"{t}distance_km IS NULL, {t}distance_km, {t}score DESC, {t}name",
            SearchSort.NextSession => $"{t}next_session IS NULL, {t}next_session, {t}score DESC, {t}name",
            _ => $"{t}score DESC, {t}name",
        };
    }

    /// <summary>Text rank (or 1 without text), demoted when stale, decayed with distance when a place is given.</summary>
    public static string Score(string rank, bool hasPlace) =>
        $"({rank}) * (CASE WHEN d.last_verified < @staleBefore THEN {StaleFactor} ELSE 1.0 END)"
        + (hasPlace ? $" * (CASE WHEN distance_km IS NULL THEN 1.0 ELSE 1.0 / (1.0 + distance_km / {DistanceHalfKm}) END)" : "");

    public static void Add(DbCommand command, string name, object? value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value ?? DBNull.Value;
        command.Parameters.Add(p);
    }

    /// <summary>Snippets come back with control characters around matches: escape the listing's text, then mark.</summary>
    public static string? Highlight(string? marked) => marked is null ? null
        : WebUtility.HtmlEncode(marked).Replace("\u0001", "<mark>").Replace("\u0002", "</mark>");

    public static SearchHit Hit(DbDataReader r, SearchCriteria c, string? snippet)
    {
        var lastVerified = r.GetInt64(r.GetOrdinal("last_verified"));
        var next = r["next_session"] is DBNull ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeSeconds(Convert.ToInt64(r["next_session"]));
        var wards = r["wards"] as string;
        return new SearchHit(
            Guid.Parse(r["id"].ToString()!), (string)r["name"], (string)r["organisation_name"], r["summary"] as string, snippet,
            r["distance_km"] is DBNull ? null : Math.Round(Convert.ToDouble(r["distance_km"]), 2), next,
            Convert.ToBoolean(r["is_free"]), r["cost_description"] as string, (string)r["attending_type"], (string)r["accepting"],
            string.IsNullOrEmpty(wards) ? [] : wards.Split('|'), lastVerified < c.StaleBefore.ToUnixTimeSeconds(),
            Convert.ToBoolean(r["suspended"]), r["suspension_note"] as string, r["alternative"] as string,
            Convert.ToDouble(r["score"]))
        {
            CostPence = r["cost_pence"] is DBNull ? null : Convert.ToInt32(r["cost_pence"]),
            Languages = Split(r["languages"] as string),
            Accessibility = Split(r["accessibility"] as string),
        };
    }

    /// <summary>
    /// Lists stored in one column are joined by the unit separator (U+001F): no listing's text can hold it, since
    /// control characters are refused before they reach the database.
    /// </summary>
    public const char ListSeparator = '\u001F';

    public static string JoinList(IEnumerable<string> values) => string.Join(ListSeparator, values);

    private static string[] Split(string? joined) => string.IsNullOrEmpty(joined) ? [] : joined.Split(ListSeparator);

    /// <summary>Times the database's share of a search, so the benchmark can show the service's own overhead.</summary>
    public sealed class SqlClock
    {
        private readonly Stopwatch _watch = new();
        public TimeSpan Elapsed => _watch.Elapsed;
        public async Task<T> Time<T>(Func<Task<T>> work)
        {
            _watch.Start();
            try { return await work(); } finally { _watch.Stop(); }
        }
        public void Start() => _watch.Start();
        public void Stop() => _watch.Stop();
    }
}
