using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Deploy.Tests;

/// <summary>The repository root: the first folder above the test binaries that holds Directory.sln.</summary>
public static class Repo
{
    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Directory.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName
            ?? throw new InvalidOperationException($"No Directory.sln above {AppContext.BaseDirectory}");
    });

    public static string Root => LazyRoot.Value;

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);
}

public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

public static class Proc
{
    public static ProcessResult Run(string file, IEnumerable<string> args, string? workingDirectory = null,
        string? stdin = null, TimeSpan? timeout = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory ?? Repo.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in time");
        }
        p.WaitForExit();
        return new ProcessResult(p.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>Renders each overlay once per test run and keeps the parsed objects.</summary>
public static class Overlays
{
    public static readonly string[] Names = ["dev", "production"];

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var n in Names) data.Add(n);
        return data;
    }

    private static readonly ConcurrentDictionary<string, Lazy<ProcessResult>> Renders = new();
    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<JsonObject>>> Parsed = new();

    public static ProcessResult Render(string overlay) =>
        Renders.GetOrAdd(overlay, o => new Lazy<ProcessResult>(() =>
            Proc.Run("kubectl", ["kustomize", Repo.Path("deploy", "k8s", "overlays", o)]))).Value;

    public static IReadOnlyList<JsonObject> Objects(string overlay) =>
        Parsed.GetOrAdd(overlay, o => new Lazy<IReadOnlyList<JsonObject>>(() =>
        {
            var r = Render(o);
            if (r.ExitCode != 0) throw new InvalidOperationException($"kubectl kustomize {o} failed: {r}");
            return Yaml.ParseAll(r.Stdout);
        })).Value;
}

/// <summary>The schema validator in deploy/k8s/validate (node), installed on first use.</summary>
public static class Validator
{
    private static readonly Lazy<string> Installed = new(() =>
    {
        var dir = Repo.Path("deploy", "k8s", "validate");
        if (!Directory.Exists(Path.Combine(dir, "node_modules", "kubernetes-models")))
        {
            var npm = Proc.Run("npm", ["ci", "--prefix", dir, "--no-audit", "--no-fund"], timeout: TimeSpan.FromMinutes(8));
            if (npm.ExitCode != 0) throw new InvalidOperationException($"npm ci failed: {npm}");
        }
        return Path.Combine(dir, "validate.mjs");
    });

    public static ProcessResult Validate(string yaml) =>
        Proc.Run("node", [Installed.Value], stdin: yaml, timeout: TimeSpan.FromMinutes(3));
}

/// <summary>YAML (as kubectl renders it) to System.Text.Json nodes, for easy navigation.</summary>
public static class Yaml
{
    public static IReadOnlyList<JsonObject> ParseAll(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var result = new List<JsonObject>();
        foreach (var doc in stream.Documents)
        {
            if (ToJson(doc.RootNode) is JsonObject o) result.Add(o);
        }
        return result;
    }

    public static IReadOnlyList<JsonObject> ParseFile(string path) => ParseAll(File.ReadAllText(path));

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", ToJson(kv.Value)))),
        YamlSequenceNode s => new JsonArray(s.Children.Select(ToJson).ToArray()),
        YamlScalarNode sc => Scalar(sc),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode sc)
    {
        var v = sc.Value;
        if (sc.Style is ScalarStyle.Plain)
        {
            if (v is null or "" or "~" or "null") return null;
            if (v is "true") return JsonValue.Create(true);
            if (v is "false") return JsonValue.Create(false);
            if (long.TryParse(v, out var l)) return JsonValue.Create(l);
        }
        return JsonValue.Create(v ?? "");
    }
}

/// <summary>Helpers over rendered Kubernetes objects.</summary>
public static class K8s
{
    public static string Kind(this JsonObject o) => o["kind"]?.GetValue<string>() ?? "";
    public static string Name(this JsonObject o) => o["metadata"]?["name"]?.GetValue<string>() ?? "";
    public static string Id(this JsonObject o) => $"{o.Kind()}/{o.Name()}";

    public static IEnumerable<JsonObject> OfKind(this IEnumerable<JsonObject> objects, string kind) =>
        objects.Where(o => o.Kind() == kind);

    public static string? Str(this JsonNode? node, string path)
    {
        var n = node.At(path);
        return n is JsonValue v ? v.ToString() : null;
    }

    /// <summary>Navigates a dotted path ("spec.template.spec").</summary>
    public static JsonNode? At(this JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            if (node is not JsonObject o || !o.TryGetPropertyValue(part, out node)) return null;
        }
        return node;
    }

    public static IEnumerable<JsonObject> Items(this JsonNode? node) =>
        node is JsonArray a ? a.OfType<JsonObject>() : [];

    public static IReadOnlyDictionary<string, string> Labels(this JsonNode? node) =>
        node is JsonObject o
            ? o.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!.ToString())
            : new Dictionary<string, string>();

    /// <summary>Kubernetes matchLabels semantics: every selector label is on the object (an empty selector matches all).</summary>
    public static bool Selects(IReadOnlyDictionary<string, string> matchLabels, IReadOnlyDictionary<string, string> labels) =>
        matchLabels.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);

    public static readonly string[] WorkloadKinds = ["Deployment", "Job", "StatefulSet", "DaemonSet", "CronJob"];

    public static IEnumerable<JsonObject> Workloads(this IEnumerable<JsonObject> objects) =>
        objects.Where(o => WorkloadKinds.Contains(o.Kind()));

    /// <summary>The pod template of a workload.</summary>
    public static JsonObject PodTemplate(this JsonObject workload) =>
        (workload.Kind() == "CronJob"
            ? workload.At("spec.jobTemplate.spec.template")
            : workload.At("spec.template")) as JsonObject
        ?? throw new InvalidOperationException($"{workload.Id()} has no pod template");

    public static JsonObject PodSpec(this JsonObject workload) =>
        workload.PodTemplate()["spec"] as JsonObject
        ?? throw new InvalidOperationException($"{workload.Id()} has no pod spec");

    public static IReadOnlyDictionary<string, string> PodLabels(this JsonObject workload) =>
        workload.PodTemplate().At("metadata.labels").Labels();

    /// <summary>Containers and init containers.</summary>
    public static IEnumerable<JsonObject> AllContainers(this JsonObject podSpec) =>
        podSpec["containers"].Items().Concat(podSpec["initContainers"].Items());
}
