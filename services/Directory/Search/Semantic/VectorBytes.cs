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

    public static float[] To(byte[] bytes)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Vectors are stored little-endian.");
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }
}
