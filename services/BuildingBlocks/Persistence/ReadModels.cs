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

    /// <summary>
    /// <see cref="FindOrAddAsync{T}"/> for many rows at once (a batch of events): the same per-row locks, all taken
    /// by one statement in one order (by key hash), so two batches sharing rows wait for each other instead of
    /// deadlocking; then the rows there are, read by one query.
    /// </summary>
    public static async Task<Dictionary<Guid, T>> FindOrAddAllAsync<T>(this ServiceDbContext db, IEnumerable<Guid> ids, Func<Guid, T> create,
        CancellationToken cancellationToken) where T : class
    {
        var wanted = ids.Distinct().ToList();
        if (db.Database.IsNpgsql() && db.Database.CurrentTransaction is not null)
        {
            var keys = wanted.Select(id => $"{typeof(T).Name}:{id}").ToArray();
            // OFFSET 0 keeps the sorted subquery whole, so the locks are taken in its order.
            await db.Database.ExecuteSqlAsync(
                $"SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest({keys}) AS k ORDER BY h OFFSET 0) AS sorted",
                cancellationToken);
        }
        var key = db.Model.FindEntityType(typeof(T))!.FindPrimaryKey()!.Properties.Single().Name;
        var set = db.Set<T>();
        var found = await set.Where(row => wanted.Contains(EF.Property<Guid>(row, key))).ToDictionaryAsync(row => db.Entry(row).Property<Guid>(key).CurrentValue, cancellationToken);
        foreach (var id in wanted.Where(id => !found.ContainsKey(id)))
            found[id] = set.Add(create(id)).Entity;
        return found;
    }
}
