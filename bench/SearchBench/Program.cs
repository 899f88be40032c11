using SearchBench;

// dotnet run --project bench/SearchBench -c Release -- relevance
// dotnet run --project bench/SearchBench -c Release -- demo-vectors (after changing the demo data or the model)
// dotnet run --project bench/SearchBench -c Release -- bench [--postgres 100000] [--sqlite 10000] [--seconds 20]
var root = FindRepoRoot();
var command = args.FirstOrDefault() ?? "help";
switch (command)
{
    case "relevance":
        await Relevance.RunAsync(root, Path.Combine(root, "docs/search/relevance.md"));
        break;
    case "semantic":
        await Semantic.RunAsync(root, Path.Combine(root, "docs/search/semantic.md"), args.Contains("--sweep"), args.Contains("--quick"));
        break;
    case "semantic-scale":
        SemanticScale.Run(root, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000);
        break;
    case "demo-vectors":
        await DemoVectors.RunAsync(root);
        break;
    case "bench":
        await Benchmark.RunAsync(root, args.Skip(1).ToArray());
        break;
    default:
        Console.WriteLine("usage: SearchBench relevance | bench [--postgres N] [--sqlite N] [--seconds S] [--concurrency 1,8,32]");
        break;
}

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Directory.sln"))) return dir.FullName;
    return Directory.GetCurrentDirectory();
}
