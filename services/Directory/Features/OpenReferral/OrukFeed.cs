using System.Net;
using System.Text.Json;
using BuildingBlocks.Web;

namespace DirectoryService.Features.OpenReferral;

/// <summary>
/// The services of one ORUK 3.0 feed, read whole before importing. <see cref="Complete"/> is true only when every
/// service of the publisher was seen (all pages of /services, or a one-page list), which is what allows marking
/// services missing from the feed as removed.
/// </summary>
public sealed record OrukFeed(string Publisher, IReadOnlyList<JsonElement> Services, bool Complete)
{
    private const int PerPage = 100;

    /// <summary>A list page (with contents), a single service object, or an array of services.</summary>
    public static OrukFeed FromJson(JsonElement root, string publisher)
    {
        if (root.ValueKind == JsonValueKind.Array) return new(publisher, ServiceObjects(root, "json"), true);
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("contents", out var contents) && contents.ValueKind == JsonValueKind.Array)
        {
            var onePage = (root.TryGetProperty("total_pages", out var pages) && pages.TryGetInt32(out var count) && count <= 1)
                || (Flag(root, "first_page") && Flag(root, "last_page"));
            return new(publisher, ServiceObjects(contents, "json.contents"), onePage);
        }
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out _)) return new(publisher, [root.Clone()], false);
        throw NotAFeed("json", "This is not an Open Referral UK feed: expected a page of services, a service, or an array of services.");
    }

    /// <summary>
    /// The services of a list, each an object. Anything else (a number, a string, a null) makes the whole feed
    /// unreadable: nothing is imported, so a feed read as complete can never remove a service it failed to list.
    /// </summary>
    private static List<JsonElement> ServiceObjects(JsonElement list, string path)
    {
        var notObjects = list.EnumerateArray().Select((e, i) => (e.ValueKind, i)).Where(e => e.ValueKind != JsonValueKind.Object).ToList();
        if (notObjects.Count > 0)
            throw NotAFeed("json", "Every service in an Open Referral UK feed is a JSON object.",
                [.. notObjects.Take(10).Select(e => $"{path}[{e.i}] is {Describe(e.ValueKind)}, not a service object.")]);
        return [.. list.EnumerateArray().Select(e => e.Clone())];
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array", JsonValueKind.Null => "null", JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "a " + kind.ToString().ToLowerInvariant(),
    };

    private static RuleViolationException NotAFeed(string field, string message, string[]? details = null) =>
        new(message, new Dictionary<string, string[]> { [field] = details ?? [message] });

    /// <summary>
    /// Pages through {base}/services and fetches each service's full record from /services/{id} (list pages carry
    /// one-to-one fields only), honouring Retry-After when the publisher throttles.
    /// </summary>
    public static async Task<OrukFeed> FromUrlAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        var servicesUrl = url.AbsolutePath.TrimEnd('/').EndsWith("/services", StringComparison.OrdinalIgnoreCase)
            ? new Uri(url.GetLeftPart(UriPartial.Path).TrimEnd('/'))
            : new Uri(url.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/services");
        var publisher = servicesUrl.AbsoluteUri[..^"/services".Length] + "/";
        var services = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var list = await GetJsonAsync(http, new Uri($"{servicesUrl}?page={page}&per_page={PerPage}"), cancellationToken);
            if (list.ValueKind != JsonValueKind.Object || !list.TryGetProperty("contents", out var contents) || contents.ValueKind != JsonValueKind.Array)
                throw NotAFeed("url", $"{servicesUrl} did not return a page of services (no 'contents').");
            foreach (var item in ServiceObjects(contents, $"page {page} contents"))
            {
                var full = item.TryGetProperty("schedules", out _) || item.TryGetProperty("service_at_locations", out _);
                services.Add(full || !item.TryGetProperty("id", out var id)
                    ? item.Clone()
                    : await GetServiceAsync(http, new Uri($"{servicesUrl}/{Uri.EscapeDataString(IdText(id))}"), cancellationToken));
            }
            var last = Flag(list, "last_page") || contents.GetArrayLength() == 0
                || (list.TryGetProperty("total_pages", out var totalPages) && totalPages.TryGetInt32(out var pages) && page >= pages);
            if (last) return new(publisher, services, true);
        }
    }

    private static async Task<JsonElement> GetServiceAsync(HttpClient http, Uri url, CancellationToken cancellationToken) =>
        await GetJsonAsync(http, url, cancellationToken) is { ValueKind: JsonValueKind.Object } service
            ? service
            : throw NotAFeed("url", $"{url} did not return a service object.");

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await FetchAsync(http, url, cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 5)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(attempt);
                await Task.Delay(wait > TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : wait, cancellationToken);
                continue;
            }
            if (!response.IsSuccessStatusCode)
                throw NotAFeed("url", $"The feed answered {(int)response.StatusCode} for {url}.");
            try
            {
                using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
                return document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw NotAFeed("url", $"{url} did not return JSON: {e.Message}");
            }
        }
    }

    /// <summary>A publisher that cannot be reached (no such host, refused, timed out) is the curator's problem to see, not a 500.</summary>
    private static async Task<HttpResponseMessage> FetchAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        try
        {
            return await http.GetAsync(url, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw NotAFeed("url", $"Could not fetch the feed from {url}: {(e is TaskCanceledException ? "no answer in time" : e.Message)}");
        }
    }

    /// <summary>An id as text; one with an escaped half character (which cannot be read as a string) stays as written.</summary>
    public static string IdText(JsonElement id)
    {
        if (id.ValueKind != JsonValueKind.String) return id.GetRawText();
        try { return id.GetString()!; }
        catch (InvalidOperationException) { return id.GetRawText(); }
    }

    private static bool Flag(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
}
