using Microsoft.EntityFrameworkCore;

namespace BuildingBlocks.Persistence;

/// <summary>
/// Start-up work that replicas starting at the same moment must take turns at (adding reference data, replacing a
/// trigger): run in one transaction holding a PostgreSQL advisory lock, so the second replica waits for the first to
/// commit and then finds the work done. On SQLite one process owns the file, and the work simply runs.
/// </summary>
public static class ReplicaLock
{
    public static async Task RunAsync(DbContext db, string key, Func<Task> work, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            await work();
            return;
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", cancellationToken);
        await work();
        await transaction.CommitAsync(cancellationToken);
    }
}
