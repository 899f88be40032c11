using Microsoft.EntityFrameworkCore;

namespace BuildingBlocks.Persistence;

/// <summary>The one way a service keeps a local copy of another service's thing, fed by that service's events.</summary>
public static class ReadModels
{
    /// <summary>
    /// Finds the row for <paramref name="id"/>, or adds it. Inside a transaction on PostgreSQL it first takes a
    /// per-row lock held to the end of the transaction, so that several events about one thing (a referral requested,
    /// its consent, its acceptance) apply one after another instead of racing to insert it and failing on the key.
    /// SQLite allows one writer at a time anyway.
    /// </summary>
    public static async Task<T> FindOrAddAsync<T>(this ServiceDbContext db, Guid id, Func<Guid, T> create, CancellationToken cancellationToken)
        where T : class
    {
        if (db.Database.IsNpgsql() && db.Database.CurrentTransaction is not null)
        {
            var key = $"{typeof(T).Name}:{id}";
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", cancellationToken);
        }
        var set = db.Set<T>();
        return await set.FindAsync([id], cancellationToken) ?? set.Add(create(id)).Entity;
    }
}
