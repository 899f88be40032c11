using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace DirectoryService.Search.Semantic;

/// <summary>
/// Rewrites an ONNX model so that every matrix product with a constant weight matrix runs on 8-bit integers
/// (ONNX Runtime's <c>DynamicQuantizeMatMul</c>: the activations are quantised as they arrive, the weights once, here).
/// A short query spends most of its time reading the weights, so a quarter of the bytes makes it about three times
/// faster; the vectors stay within a cosine of about 0.99 of the full-precision model's. The tables of embeddings are
/// kept in 16-bit floats, which takes the model from 90 MB to 35 MB.
/// </summary>
/// <remarks>
/// What ONNX Runtime's Python <c>quantize_dynamic</c> does with <c>per_channel</c> and <c>reduce_range</c>, done at load
/// because that tool is not available here and the package ships only the full-precision model. Each weight column
/// gets its own scale, and weights use 7 bits (±63): processors without VNNI multiply 8-bit pairs into 16-bit sums,
/// which two full-range products can overflow.
/// </remarks>
public static class WeightQuantisation
{
    private const int WeightLimit = 63;

    /// <summary>Names the rewrite in the model's key: a stored vector is reused only under the same one.</summary>
    public const string Scheme = "int8 (products ±63 a column, lookups float16)";
    private const string ContribDomain = "com.microsoft";

    public static byte[] Quantise(byte[] model)
    {
        var proto = ModelProto.Parser.ParseFrom(model);
        var constants = proto.Graph.Initializer.ToDictionary(i => i.Name);
        QuantiseProducts(proto.Graph, constants);
        HalveLookups(proto.Graph, constants);
        if (proto.OpsetImport.All(o => o.Domain != ContribDomain))
            proto.OpsetImport.Add(new OperatorSetIdProto { Domain = ContribDomain, Version = 1 });
        return proto.ToByteArray();
    }

    private static void QuantiseProducts(GraphProto graph, Dictionary<string, TensorProto> constants)
    {
        var readers = graph.Node.SelectMany(n => n.Input.Select(input => (input, n))).ToLookup(r => r.input, r => r.n);
        foreach (var product in graph.Node.Where(n => n.OpType == "MatMul" && n.Domain == "").ToList())
        {
            if (!constants.TryGetValue(product.Input[1], out var weights) || !IsFloatMatrix(weights)) continue;
            var (quantised, scales) = PerColumn(weights);
            graph.Initializer.Remove(weights);
            graph.Initializer.Add([quantised, scales]);
            var activations = product.Input[0];
            product.OpType = "DynamicQuantizeMatMul";
            product.Domain = ContribDomain;
            product.Input.Clear();
            product.Input.Add([activations, quantised.Name, scales.Name]);

            // A bias added to the product alone is added by the product's own kernel (its optional fifth input).
            if (readers[product.Output[0]].ToList() is [{ OpType: "Add", Domain: "" } add]
                && add.Input.FirstOrDefault(i => i != product.Output[0]) is { } bias
                && constants.TryGetValue(bias, out var biasValues) && biasValues.Dims is [var length] && length == weights.Dims[1])
            {
                product.Input.Add(["", bias]);
                product.Output[0] = add.Output[0];
                graph.Node.Remove(add);
            }
        }
    }

    /// <summary>
    /// Tables that rows are looked up from (the word pieces' embeddings: 30,522 x 384 floats, half the model) kept as
    /// 16-bit floats, exact to about three figures; only the rows a text looks up are widened again. 8-bit rows with a
    /// scale each would take 12 MB less at the same agreement with the full model, but would make the model's input as
    /// approximate as its products.
    /// </summary>
    private static void HalveLookups(GraphProto graph, Dictionary<string, TensorProto> constants)
    {
        foreach (var lookup in graph.Node.Where(n => n.OpType == "Gather" && n.Domain == "").ToList())
        {
            if (!constants.TryGetValue(lookup.Input[0], out var table) || !IsFloatMatrix(table)) continue;
            var values = MemoryMarshal.Cast<byte, float>(table.RawData.Span);
            var halves = new Half[values.Length];
            for (var i = 0; i < values.Length; i++) halves[i] = (Half)values[i];
            var halved = Tensor(table.Name + "_half", TensorProto.Types.DataType.Float16,
                MemoryMarshal.AsBytes(halves.AsSpan()).ToArray(), table.Dims[0], table.Dims[1]);
            graph.Initializer.Remove(table);
            graph.Initializer.Add(halved);
            var rows = lookup.Output[0] + "_half";
            var widen = new NodeProto { OpType = "Cast", Name = lookup.Name + "_widen", Input = { rows }, Output = { lookup.Output[0] } };
            widen.Attribute.Add(new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (long)TensorProto.Types.DataType.Float });
            lookup.Input[0] = halved.Name;
            lookup.Output[0] = rows;
            // Nodes must stay in an order where each reads only what an earlier one wrote.
            graph.Node.Insert(graph.Node.IndexOf(lookup) + 1, widen);
        }
    }

    private static bool IsFloatMatrix(TensorProto tensor) =>
        tensor.DataType == (int)TensorProto.Types.DataType.Float && tensor.Dims.Count == 2 && !tensor.RawData.IsEmpty;

    /// <summary>Symmetric (zero stays zero), each column's largest magnitude mapped to <see cref="WeightLimit"/>.</summary>
    private static (TensorProto Quantised, TensorProto Scales) PerColumn(TensorProto weights)
    {
        var (rows, columns) = ((int)weights.Dims[0], (int)weights.Dims[1]);
        var values = MemoryMarshal.Cast<byte, float>(weights.RawData.Span);

        var scales = new float[columns];
        for (var i = 0; i < values.Length; i++) scales[i % columns] = Math.Max(scales[i % columns], Math.Abs(values[i]));
        for (var c = 0; c < columns; c++) scales[c] = scales[c] == 0 ? 1 : scales[c] / WeightLimit;
        var quantised = new byte[values.Length];
        for (var i = 0; i < values.Length; i++)
            quantised[i] = unchecked((byte)(sbyte)Math.Clamp(MathF.Round(values[i] / scales[i % columns]), -WeightLimit, WeightLimit));

        return (Tensor(weights.Name + "_quantised", TensorProto.Types.DataType.Int8, quantised, rows, columns),
            Tensor(weights.Name + "_scale", TensorProto.Types.DataType.Float,
                MemoryMarshal.AsBytes(scales.AsSpan()).ToArray(), columns));
    }

    private static TensorProto Tensor(string name, TensorProto.Types.DataType type, byte[] data, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(data) };
        tensor.Dims.Add(dims);
        return tensor;
    }
}
