using DirectoryService.Data;
using DirectoryService.Search.Semantic;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace SearchBench;

/// <summary>
/// Writes services/Directory/DemoData/portsmouth-north.vectors: seeds the demo directory into a fresh SQLite index with
/// the semantic path on (texts already shipped are reused, the rest embedded) and keeps every listing's stored vector.
/// </summary>
public static class DemoVectors
{
    public static async Task RunAsync(string root)
    {
        await using var harness = await Harness.CreateAsync("Sqlite", TimeProvider.System);
        await harness.SeedDemoAsync();
        await using var scope = harness.Services.CreateAsyncScope();
        var connection = scope.ServiceProvider.GetRequiredService<DirectoryDb>().Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT text_key, vec FROM search_vectors";
        var vectors = await VectorBytes.ByKeyAsync(command, CancellationToken.None);
        var folder = Path.Combine(root, "services/Directory/DemoData");
        ShippedVectors.Write(folder, vectors);
        Console.WriteLine($"{vectors.Count} vectors written to {Path.Combine(folder, ShippedVectors.FileName)}");
    }
}
