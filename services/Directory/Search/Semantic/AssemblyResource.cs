using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace DirectoryService.Search.Semantic;

/// <summary>
/// Reads a resource embedded in an assembly from the assembly's file, not through the runtime's mapped image. Read
/// through the image, every page of the resource stays counted in the process's resident memory for as long as the
/// assembly is loaded (86 MB for the MiniLM model, measured in the embedded host), although its bytes are needed only
/// while the model's session is built.
/// </summary>
public static class AssemblyResource
{
    public static byte[] Read(Assembly assembly, string name)
    {
        if (assembly.Location is not { Length: > 0 } path) return SentenceTransformers.ResourceLoader.GetResource(assembly, name);
        using var file = File.OpenRead(path);
        using var image = new PEReader(file, PEStreamOptions.LeaveOpen);
        var metadata = image.GetMetadataReader();
        var resource = metadata.ManifestResources.Select(metadata.GetManifestResource)
            .Single(r => r.Implementation.IsNil && metadata.GetString(r.Name).EndsWith(name, StringComparison.Ordinal));
        if (image.PEHeaders.CorHeader is not { } header || !image.PEHeaders.TryGetDirectoryOffset(header.ResourcesDirectory, out var resources))
            throw new InvalidDataException($"{path} has no resources.");
        // Each resource is its length (4 bytes, little-endian) then its bytes, at its offset into the resources directory.
        file.Position = resources + resource.Offset;
        using var reader = new BinaryReader(file, System.Text.Encoding.UTF8, leaveOpen: true);
        var bytes = new byte[reader.ReadInt32()];
        file.ReadExactly(bytes);
        return bytes;
    }
}
