using Microsoft.Data.Sqlite;
using Npgsql;

namespace BuildingBlocks.Persistence;

public static class DatabaseFailures
{
    /// <summary>The database is restarting, unreachable or busy: the same work can succeed when tried again.</summary>
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is NpgsqlException { IsTransient: true } or SqliteException { SqliteErrorCode: 5 or 6 })
                return true; // SQLITE_BUSY, SQLITE_LOCKED
        return false;
    }
}
