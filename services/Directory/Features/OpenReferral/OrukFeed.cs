using System.Net;
using System.Text.Json;
using BuildingBlocks.Web;

namespace DirectoryService.Features.OpenReferral;

/// <summary>
/// The services of one ORUK 3.0 feed, read whole before importing, with the organisations it names by id.
/// <see cref="Complete"/> is true only for a publisher's whole feed fetched from its URL to the last page: only that
/// may withdraw listings it no longer carries. A file, an array or a single page never does (it may be any part of
/// a feed), and a feed whose paging broke off (<see cref="Problems"/>) does not either.
/// </summary>
public sealed record OrukFeed(string Publisher, IReadOnlyList<JsonElement> Services, bool Complete,
    IReadOnlyDictionary<string, JsonElement> Organisations, IReadOnlyList<string> Problems)
{
    private const int PerPage = 100;

    public OrukFeed(string publisher, IReadOnlyList<JsonElement> services, bool complete)
        : this(publisher, services, complete, OrganisationsIn(services, default), []) { }

    /// <summary>A list page (with contents), a single service object, or an array of services: never a complete feed.</summary>
    public static OrukFeed FromJson(JsonElement root, string publisher)
    {
        List<JsonElement> services;
        if (root.ValueKind == JsonValueKind.Array) services = ServiceObjects(root, "json");
        else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("contents", out var contents) && contents.ValueKind == JsonValueKind.Array)
            services = ServiceObjects(contents, "json.contents");
        else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out _)) services = [root.Clone()];
        else throw NotAFeed("json", "This is not an Open Referral UK feed: expected a page of services, a service, or an array of services.");
        return new(publisher, services, false, OrganisationsIn(services, root), []);
    }

    /// <summary>
    /// The organisations a file names with a name: its services' nested ones, and an <c>organizations</c> list
    /// beside the services if it has one, so a service giving only an organization_id finds its organisation's name.
    /// </summary>
    private static Dictionary<string, JsonElement> OrganisationsIn(IEnumerable<JsonElement> services, JsonElement root)
    {
        var found = new Dictionary<string, JsonElement>();
        void Add(JsonElement organisation)
        {
            if (organisation.ValueKind == JsonValueKind.Object && organisation.TryGetProperty("id", out var id)
                && organisation.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && OrukServiceReader.String(name) is not null)
                found.TryAdd(IdText(id), organisation.Clone());
        }
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("organizations", out var listed) && listed.ValueKind == JsonValueKind.Array)
            foreach (var organisation in listed.EnumerateArray()) Add(organisation);
        foreach (var service in services)
            if (service.TryGetProperty("organization", out var nested)) Add(nested);
        return found;
    }

    /// <summary>A publisher named by the curator, or else by the file it came from: never one name shared by unrelated imports.</summary>
    public static string PublisherOfFile(string path) => $"file:{Path.GetFileName(path)}";

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
        var baseUrl = servicesUrl.AbsoluteUri[..^"/services".Length];
        var publisher = baseUrl + "/";
        var services = new List<JsonElement>();
        var problems = new List<string>();
        for (var page = 1; ; page++)
        {
            var list = await GetJsonAsync(http, new Uri($"{servicesUrl}?page={page}&per_page={PerPage}"), cancellationToken);
            if (list.ValueKind != JsonValueKind.Object || !list.TryGetProperty("contents", out var contents) || contents.ValueKind != JsonValueKind.Array)
                throw NotAFeed("url", $"{servicesUrl} did not return a page of services (no 'contents').");
            var totalPages = list.TryGetProperty("total_pages", out var total) && total.TryGetInt32(out var pages) ? pages : (int?)null;
            if (contents.GetArrayLength() == 0 && totalPages > page)
            {
                // The publisher says there is more but gave nothing: what was read imports, but nothing may be withdrawn.
                problems.Add($"Page {page} of {totalPages} was empty: the feed was not read to its end, so no listing was withdrawn.");
                return new(publisher, services, false, await OrganisationsAsync(http, baseUrl, services, cancellationToken), problems);
            }
            foreach (var item in ServiceObjects(contents, $"page {page} contents"))
            {
                var full = item.TryGetProperty("schedules", out _) || item.TryGetProperty("service_at_locations", out _);
                services.Add(full || !item.TryGetProperty("id", out var id)
                    ? item.Clone()
                    : await GetServiceAsync(http, new Uri($"{servicesUrl}/{Uri.EscapeDataString(IdText(id))}"), cancellationToken));
            }
            var last = Flag(list, "last_page") || contents.GetArrayLength() == 0 || page >= totalPages;
            if (last) return new(publisher, services, true, await OrganisationsAsync(http, baseUrl, services, cancellationToken), problems);
        }
    }

    /// <summary>
    /// The named organisations of the feed: those nested in its services, and for each organization_id without one,
    /// the publisher's /organizations/{id} (ORUK 3.0 does not require services to nest their organisation). One
    /// the publisher cannot give leaves its services under a placeholder.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, JsonElement>> OrganisationsAsync(HttpClient http, string baseUrl,
        IReadOnlyList<JsonElement> services, CancellationToken cancellationToken)
    {
        var found = OrganisationsIn(services, default);
        var missing = services.Select(s => s.TryGetProperty("organization_id", out var id) ? IdText(id) : null)
            .OfType<string>().Where(id => id.Length > 0 && !found.ContainsKey(id)).Distinct().ToList();
        foreach (var id in missing)
        {
            using var response = await FetchAsync(http, new Uri($"{baseUrl}/organizations/{Uri.EscapeDataString(id)}"), cancellationToken);
            if (!response.IsSuccessStatusCode) continue;
            try
            {
                using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("name", out var name)
                    && name.ValueKind == JsonValueKind.String && OrukServiceReader.String(name) is not null)
                    found[id] = document.RootElement.Clone();
            }
            catch (JsonException) { }
        }
        return found;
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
