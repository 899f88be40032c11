using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Directory.Tests.OpenReferral;

/// <summary>
/// The official Open Referral UK 3.0 JSON schemas (shared/reference/oruk-uk-profile-3.0/schema), loaded into a
/// JsonSchema.Net registry under the URLs openapi.json refers to, so the response schemas of openapi.json are
/// evaluated as published: nothing here restates a rule of the profile by hand.
/// </summary>
public static class OrukSchemas
{
    private const string PublishedBase = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/";
    private const string WebsiteBase = "https://openreferraluk.org/specifications/3.0/schema/";
    private static readonly Lazy<Loaded> Schemas = new(Load);

    public static string Folder => Schemas.Value.Folder;

    public static string ReferenceFolder => Path.GetDirectoryName(Folder)!;

    /// <summary>The response schema of <c>GET {path}</c> as openapi.json declares it.</summary>
    public static JsonSchema ResponseOf(string path) => Schemas.Value.Responses[path];

    /// <summary>A schema file by its path under schema/, e.g. "compiled/service_at_location.json".</summary>
    public static JsonSchema File(string relativePath) => Schemas.Value.Files[relativePath];

    /// <summary>
    /// A page of <paramref name="itemSchema"/> (a compiled schema's path under schema/), as openapi.json declares its
    /// list responses: for lists it has no path for (the profile's openapi.json has no /organizations).
    /// </summary>
    public static JsonSchema PageOf(string itemSchema) => Schemas.Value.Pages.GetOrAdd(itemSchema, item =>
    {
        var schema = new JsonObject
        {
            ["properties"] = new JsonObject { ["contents"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["$ref"] = PublishedBase + item } } },
            ["allOf"] = new JsonArray(Schemas.Value.Page.DeepClone()),
        };
        return JsonSchema.FromText(schema.ToJsonString(), Schemas.Value.Build, new Uri($"urn:oruk-page:{Uri.EscapeDataString(item)}"));
    });

    /// <summary>
    /// A schema of the Open Referral UK website's variant (shared/reference/oruk-spec-3.0-website/schema), the one
    /// its online validator checks feeds against, e.g. "organization_list.json".
    /// </summary>
    public static JsonSchema Website(string file) => Schemas.Value.WebsiteFiles[file];

    /// <summary>The failures of <paramref name="instance"/> against <paramref name="schema"/>, one line each; empty when valid.</summary>
    public static IReadOnlyList<string> Failures(JsonSchema schema, JsonElement instance)
    {
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (result.IsValid) return [];
        return [.. (result.Details ?? []).Append(result)
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))
            .Distinct()];
    }

    private sealed record Loaded(string Folder, Dictionary<string, JsonSchema> Files, Dictionary<string, JsonSchema> Responses,
        Dictionary<string, JsonSchema> WebsiteFiles, JsonNode Page, BuildOptions Build)
    {
        public System.Collections.Concurrent.ConcurrentDictionary<string, JsonSchema> Pages { get; } = new();
    }

    private static Loaded Load()
    {
        var folder = FindSchemaFolder();
        var registry = new SchemaRegistry { Fetch = (uri, _) => throw new InvalidOperationException($"Schema {uri} is not in {folder}") };
        // openapi.json declares jsonSchemaDialect 2020-12; the schemas carry Table Schema keywords (name, constraints...) it ignores.
        var build = new BuildOptions { SchemaRegistry = registry, Dialect = Dialect.Draft202012 };
        var files = new Dictionary<string, JsonSchema>();
        // The compiled schemas are self-contained; taxonomy.json refers to taxonomy_term.json, so that goes first.
        var order = System.IO.Directory.GetFiles(Path.Combine(folder, "compiled"), "*.json").Select(f => "compiled/" + Path.GetFileName(f))
            .Concat(["taxonomy_term.json", "taxonomy.json"]);
        foreach (var relative in order)
        {
            var uri = new Uri(PublishedBase + relative);
            var schema = JsonSchema.FromText(System.IO.File.ReadAllText(Path.Combine(folder, relative)), build, uri);
            if (registry.Get(uri) is null) registry.Register(uri, schema);
            files[relative] = schema;
        }

        var openApi = JsonNode.Parse(System.IO.File.ReadAllText(Path.Combine(folder, "openapi.json")))!;
        var page = openApi["components"]!["schemas"]!["Page"]!;
        var responses = new Dictionary<string, JsonSchema>();
        foreach (var (path, item) in openApi["paths"]!.AsObject())
        {
            var schema = item!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!.DeepClone();
            InlinePage(schema, page);
            responses[path] = JsonSchema.FromText(schema.ToJsonString(), build, new Uri($"urn:oruk-response:{Uri.EscapeDataString(path)}"));
        }

        // The website variant refers to its files by their published URLs; each goes after those it refers to.
        var website = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(folder)!)!, "oruk-spec-3.0-website", "schema");
        var websiteFiles = new Dictionary<string, JsonSchema>();
        foreach (var file in new[] { "taxonomy_term.json", "attribute.json", "organization_identifier.json", "organization.json", "organization_list.json" })
        {
            var uri = new Uri(WebsiteBase + file);
            var schema = JsonSchema.FromText(System.IO.File.ReadAllText(Path.Combine(website, file)), build, uri);
            if (registry.Get(uri) is null) registry.Register(uri, schema);
            websiteFiles[file] = schema;
        }
        return new Loaded(folder, files, responses, websiteFiles, page, build);
    }

    // openapi.json's list responses say allOf: [{ $ref: "#/components/schemas/Page" }], a pointer into the OpenAPI
    // document rather than a schema: put the Page schema itself there.
    private static void InlinePage(JsonNode schema, JsonNode page)
    {
        if (schema["allOf"] is JsonArray allOf)
            for (var i = 0; i < allOf.Count; i++)
                if (allOf[i]?["$ref"]?.GetValue<string>() == "#/components/schemas/Page")
                    allOf[i] = page.DeepClone();
    }

    /// <summary>
    /// The reference folder sits beside the clone (CI) or above the worktree (development): walk up from the test
    /// binaries to Directory.sln, then look for shared/reference/oruk-uk-profile-3.0 in that folder's ancestors.
    /// </summary>
    private static string FindSchemaFolder()
    {
        var repo = new DirectoryInfo(AppContext.BaseDirectory);
        while (repo is not null && !System.IO.File.Exists(Path.Combine(repo.FullName, "Directory.sln"))) repo = repo.Parent;
        if (repo is null) throw new InvalidOperationException($"No Directory.sln above {AppContext.BaseDirectory}.");
        for (var dir = repo.Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "reference", "oruk-uk-profile-3.0", "schema");
            if (System.IO.File.Exists(Path.Combine(candidate, "openapi.json"))) return candidate;
        }
        throw new InvalidOperationException(
            $"The Open Referral UK schemas were not found: expected shared/reference/oruk-uk-profile-3.0/schema/openapi.json beside " +
            $"the clone ({repo.Parent?.FullName}) or in a folder above it. Place the ORUK 3.0 reference folder there to run these tests.");
    }
}
