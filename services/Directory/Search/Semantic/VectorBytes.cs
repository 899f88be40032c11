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

    public static float[] To(byte[] bytes)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Vectors are stored little-endian.");
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }
}
