using System.Globalization;
using Npgsql;

namespace LoopLoad;

/// <summary>
/// The SQL each referral costs, by service database and by statement, from PostgreSQL's pg_stat_statements (the
/// private cluster loads it). Counts, unlike timings, do not move with what else shares the machine: they say which
/// queries to remove or merge before any profile does.
/// </summary>
public static class StatementMeter
{
    public static async Task Reset(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var reset = new NpgsqlCommand("SELECT pg_stat_statements_reset()", connection);
        await reset.ExecuteNonQueryAsync();
    }

    public static async Task<List<string>> Markdown(string connectionString, int referrals, int top = 40)
    {
        var inv = CultureInfo.InvariantCulture;
        var per = Math.Max(1, referrals);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand(
            """
            SELECT d.datname, s.calls, s.total_exec_time, s.rows, left(regexp_replace(s.query, '\s+', ' ', 'g'), 160)
            FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname LIKE 'community_%'
            """, connection);
        var rows = new List<(string Database, long Calls, double Milliseconds, long Rows, string Query)>();
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetInt64(3), reader.GetString(4)));

        var lines = new List<string>
        {
            "", "| SQL per referral (pg_stat_statements) | statements | execution (ms) |", "|---|---|---|",
        };
        lines.AddRange(rows.GroupBy(r => r.Database).OrderBy(g => g.Key).Select(g => string.Format(inv, "| {0} | {1:0.0} | {2:0.00} |",
            g.Key, (double)g.Sum(r => r.Calls) / per, g.Sum(r => r.Milliseconds) / per)));
        lines.AddRange(["", $"The {top} statements called most (per referral; the text cut at 160 characters):", "",
            "| database | calls | execution (ms) | rows | statement |", "|---|---|---|---|---|"]);
        lines.AddRange(rows.OrderByDescending(r => r.Calls).Take(top).Select(r => string.Format(inv, "| {0} | {1:0.00} | {2:0.000} | {3:0.0} | `{4}` |",
            r.Database["community_".Length..], (double)r.Calls / per, r.Milliseconds / per, (double)r.Rows / per, r.Query.Replace("|", "\\|", StringComparison.Ordinal))));
        return lines;
    }
}
