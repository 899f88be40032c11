using Npgsql;

namespace Security.Tests.Support;

/// <summary>
/// A hash of every row of every table of a service's database, per table, to show that a refused request changed
/// nothing. Left out: what changes by itself after an earlier accepted request (the outbox being marked sent, the
/// inbox, the search projection and its telemetry, which Directory fills from its own events, and Feedback's insight
/// read model, which it fills from its own attendance and outcome events); for the notification
/// queue, whose rows the delivery worker updates, only which rows exist counts.
/// </summary>
public sealed class StateFingerprint(string connectionString, IReadOnlyCollection<string>? rowsOnly = null)
{
    private static readonly string[] Moving = ["outbox_messages", "inbox_messages", "__EFMigrationsHistory"];
    private readonly IReadOnlyCollection<string> _rowsOnly = rowsOnly ?? [];
    private string? _query;

    public async Task<IReadOnlyDictionary<string, string>> TakeAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        _query ??= await BuildQueryAsync(connection);
        await using var command = new NpgsqlCommand(_query, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var hashes = new Dictionary<string, string>();
        while (await reader.ReadAsync()) hashes[reader.GetString(0)] = reader.GetString(1);
        return hashes;
    }

    /// <summary>The tables whose rows differ between two fingerprints.</summary>
    public static IReadOnlyList<string> Changed(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        before.Keys.Union(after.Keys).Where(t => before.GetValueOrDefault(t) != after.GetValueOrDefault(t)).Order().ToList();

    private async Task<string> BuildQueryAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
            connection);
        var tables = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var parts = tables.Where(t => !Moving.Contains(t) && !t.Contains("search", StringComparison.OrdinalIgnoreCase)
                                      && !t.StartsWith("insight_", StringComparison.Ordinal))
            .Select(t => _rowsOnly.Contains(t)
                ? $"SELECT '{t}', md5(coalesce(string_agg(r.id::text, ',' ORDER BY r.id::text), '')) FROM \"{t}\" r"
                : $"SELECT '{t}', md5(coalesce(string_agg(r::text, ',' ORDER BY r::text), '')) FROM \"{t}\" r");
        return string.Join(" UNION ALL ", parts);
    }
}
