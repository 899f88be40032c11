using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DirectoryService.Features.OpenReferral;
using Directory.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.OpenReferral;

/// <summary>The real publishers' feeds in RealFeeds/ (see its README), read fresh for each use so a test may change its copy.</summary>
public static class RealFeeds
{
    public const string BristolPage = "bristol-oruk3-services-page1.json";
    public const string BristolService = "bristol-oruk3-service-1625ip.json";
    public const string Buckinghamshire = "buckinghamshire-oruk3-services.json";
    public const string BuckinghamshireOutpost = "buckinghamshire-outpost-services-page1.json";

    public static JsonNode Read(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "OpenReferral", "RealFeeds", name)))!;

    public static List<JsonObject> Services(string name) => [.. Read(name)["contents"]!.AsArray().Select(s => s!.AsObject())];
}

/// <summary>
/// A publisher's ORUK API serving real feed records over HTTP as the importer reads it: /services in pages (with
/// total_pages), /services/{id} and /organizations/{id}. Tests change what it serves between imports.
/// </summary>
public sealed class StubPublisher : HttpMessageHandler
{
    public const string BaseUrl = "http://publisher.test/oruk";
    public List<JsonObject> Services { get; set; } = [];
    public Dictionary<string, JsonObject> Organisations { get; } = [];
    public int PerPage { get; set; } = 100;
    /// <summary>A page answered with no contents while total_pages still says there are more.</summary>
    public int? EmptyPage { get; set; }
    public List<string> Requested { get; } = [];
    /// <summary>The path the feed is served under (tests use one each, so each is a publisher of its own).</summary>
    public string BasePath { get; set; } = new Uri(BaseUrl).AbsolutePath;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        lock (Requested) Requested.Add(request.RequestUri.PathAndQuery);
        var prefix = BasePath;
        if (!path.StartsWith(prefix, StringComparison.Ordinal)) return Answer(HttpStatusCode.NotFound, null);
        var rest = path[prefix.Length..].Trim('/').Split('/');
        if (rest is ["services"])
        {
            var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query);
            var page = int.Parse(query["page"] ?? "1");
            var perPage = Math.Min(PerPage, int.Parse(query["per_page"] ?? "50"));
            var totalPages = Math.Max(1, (int)Math.Ceiling(Services.Count / (double)perPage));
            var contents = page == EmptyPage ? [] : Services.Skip((page - 1) * perPage).Take(perPage).Select(s => s.DeepClone()).ToArray();
            return Answer(HttpStatusCode.OK, new JsonObject
            {
                ["total_items"] = Services.Count, ["total_pages"] = totalPages, ["page_number"] = page, ["size"] = contents.Length,
                ["first_page"] = page == 1, ["last_page"] = page >= totalPages, ["empty"] = contents.Length == 0,
                ["contents"] = new JsonArray(contents),
            });
        }
        if (rest is ["services", var id])
        {
            var service = Services.FirstOrDefault(s => (string?)s["id"] == id);
            return Answer(service is null ? HttpStatusCode.NotFound : HttpStatusCode.OK, service?.DeepClone());
        }
        if (rest is ["organizations", var orgId])
            return Answer(Organisations.TryGetValue(orgId, out var org) ? HttpStatusCode.OK : HttpStatusCode.NotFound, org?.DeepClone());
        return Answer(HttpStatusCode.NotFound, null);
    }

    private static Task<HttpResponseMessage> Answer(HttpStatusCode status, JsonNode? body) =>
        Task.FromResult(new HttpResponseMessage(status)
        {
            Content = new StringContent(body?.ToJsonString() ?? """{"title":"Not found"}""", Encoding.UTF8, "application/json"),
        });
}

/// <summary>The Directory whose import client reaches <see cref="StubPublisher"/>; scheduled imports run only when a test runs them.</summary>
public sealed class ImportingFromStubApi : DirectoryApi
{
    public StubPublisher Publisher { get; } = new();

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        base.ConfigureSettings(builder);
        builder.UseSetting("Directory:ScheduledImports:Enabled", "false");
        builder.ConfigureServices(services =>
            services.AddHttpClient(OrukEndpoints.ImportClient).ConfigurePrimaryHttpMessageHandler(() => new NonDisposing(Publisher)));
    }

    /// <summary>The client factory disposes its handlers; the stub lives as long as the fixture.</summary>
    private sealed class NonDisposing(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override void Dispose(bool disposing) { }
    }
}
