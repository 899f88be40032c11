using System.Text;

namespace DirectoryService.Search.Semantic;

/// <summary>
/// The demo directory's listings embedded once and shipped beside its data (<c>DemoData/portsmouth-north.vectors</c>),
/// so a host that seeds the demo (the run command, every test host, every replica) does not spend 10-20 s of CPU
/// embedding the same 159 texts at start. Looked up by <see cref="SearchIndexer.VectorKey"/> (the model and the text
/// hashed), so a demo listing edited since, or a new model, is embedded as usual. Refresh after changing the demo data
/// or the model: <c>dotnet run --project bench/SearchBench -c Release -- demo-vectors</c>.
/// </summary>
public static class ShippedVectors
{
    public const string FileName = "portsmouth-north.vectors";
    private const string Magic = "VEC1";
    private static readonly Lazy<IReadOnlyDictionary<string, float[]>> Known = new(() => Read(Data.Seed.DemoDirectory.DataFolder));

    public static bool TryGet(string key, out float[] vector) => Known.Value.TryGetValue(key, out vector!);

    public static int Count => Known.Value.Count;

    /// <summary>The vectors in <paramref name="folder"/>'s file; none if it is missing (a deployment without the demo data).</summary>
    public static IReadOnlyDictionary<string, float[]> Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return new Dictionary<string, float[]>();
        using var reader = new BinaryReader(File.OpenRead(path), Encoding.ASCII);
        if (Encoding.ASCII.GetString(reader.ReadBytes(Magic.Length)) != Magic) throw new InvalidDataException($"{path} is not a vectors file.");
        var (count, dimensions) = (reader.ReadInt32(), reader.ReadInt32());
        var vectors = new Dictionary<string, float[]>(count);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            var bytes = new byte[dimensions * sizeof(float)];
            reader.BaseStream.ReadExactly(bytes);
            vectors[key] = VectorBytes.To(bytes);
        }
        return vectors;
    }

    /// <summary>Writes the vectors in key order (the same data gives the same bytes, so an unchanged refresh is no diff).</summary>
    public static void Write(string folder, IReadOnlyDictionary<string, float[]> vectors)
    {
        using var writer = new BinaryWriter(File.Create(Path.Combine(folder, FileName)), Encoding.ASCII);
        writer.Write(Encoding.ASCII.GetBytes(Magic));
        writer.Write(vectors.Count);
        writer.Write(vectors.Count == 0 ? 0 : vectors.Values.First().Length);
        foreach (var (key, vector) in vectors.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            writer.Write(key);
            writer.Write(VectorBytes.From(vector));
        }
    }
}
