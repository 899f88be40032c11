using System.Runtime.InteropServices;

namespace DirectoryService.Search.Semantic;

/// <summary>How a vector is stored (bytea on PostgreSQL, a blob on SQLite): its float32 values, little-endian.</summary>
public static class VectorBytes
{
    public static byte[] From(float[] vector)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Vectors are stored little-endian.");
        return MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();
    }

    /// <summary>Rows of (key, vector) as a query of either adapter returns them.</summary>
    public static async Task<IReadOnlyDictionary<string, float[]>> ByKeyAsync(System.Data.Common.DbCommand command, CancellationToken ct)
    {
        var found = new Dictionary<string, float[]>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found[reader.GetString(0)] = To((byte[])reader[1]);
        return found;
    }

    /// <summary>
    /// <see cref="ISearchBackend.VectorsSinceAsync"/> for both adapters (the same two tables, created by each): the
    /// index's epoch, then every stored vector when it is not <paramref name="epoch"/>, else those written after
    /// <paramref name="afterSeq"/>. The id is a uuid on PostgreSQL and text on SQLite.
    /// </summary>
    public static async Task<VectorBatch> SinceAsync(Func<string, (string Name, object? Value)[], Task<System.Data.Common.DbCommand>> command,
        string? epoch, long afterSeq, CancellationToken ct)
    {
        string current;
        await using (var read = await command("SELECT value FROM search_meta WHERE key = 'epoch'", []))
            current = (await read.ExecuteScalarAsync(ct)) is { } value and not DBNull ? value.ToString() ?? "" : "";
        var full = current != epoch;
        await using var select = await command("SELECT id, seq, vec FROM search_vectors WHERE seq > @after", [("after", full ? 0L : afterSeq)]);
        var rows = new List<StoredVector>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(new StoredVector(reader.GetValue(0) is Guid id ? id : Guid.Parse(reader.GetString(0)), reader.GetInt64(1), To((byte[])reader[2])));
        return new VectorBatch(current, full, rows);
    }

    public static float[] To(byte[] bytes)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Vectors are stored little-endian.");
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }
}
