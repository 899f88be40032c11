using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Portal.Identity;

/// <summary>
/// Brings the sign-in store up to date at start (Database:MigrateOnStart, as the services do). Before it had
/// migrations the portal made its store with EnsureCreated: such a store has the first migration's tables but no
/// migrations history, so it is baselined (recorded as at the first migration) and then migrated like any other.
/// </summary>
public static class PortalDatabase
{
    public static async Task MigrateAsync(PortalDb db, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        await BaselineAsync(db, cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>True when it recorded an EnsureCreated store as being at the first migration.</summary>
    public static async Task<bool> BaselineAsync(PortalDb db, CancellationToken cancellationToken)
    {
        if (!await db.Database.CanConnectAsync(cancellationToken)
            || await TableExistsAsync(db, HistoryRepository.DefaultTableName, cancellationToken)
            || !await TableExistsAsync(db, "AspNetUsers", cancellationToken)) return false;

        var history = db.GetService<IHistoryRepository>();
        var first = db.Database.GetMigrations().First();
        await history.CreateIfNotExistsAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(
            history.GetInsertScript(new HistoryRow(first, ProductInfo.GetVersion())), cancellationToken);
        return true;
    }

    private static async Task<bool> TableExistsAsync(PortalDb db, string table, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = db.Database.IsSqlite()
                ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @table"
                : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @table";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@table";
            parameter.Value = table;
            command.Parameters.Add(parameter);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) > 0;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
