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
        if (root.ValueKind == JsonValueKind.Array) return new(publisher, [.. root.EnumerateArray().Select(e => e.Clone())], true);
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("contents", out var contents) && contents.ValueKind == JsonValueKind.Array)
        {
            var onePage = (root.TryGetProperty("total_pages", out var pages) && pages.ValueKind == JsonValueKind.Number && pages.GetInt32() <= 1)
                || (Flag(root, "first_page") && Flag(root, "last_page"));
            return new(publisher, [.. contents.EnumerateArray().Select(e => e.Clone())], onePage);
        }
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out _)) return new(publisher, [root.Clone()], false);
        throw new RuleViolationException("This is not an Open Referral UK feed: expected a page of services, a service, or an array of services.");
    }

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
            if (!list.TryGetProperty("contents", out var contents) || contents.ValueKind != JsonValueKind.Array)
                throw new RuleViolationException($"{servicesUrl} did not return a page of services (no 'contents').");
            foreach (var item in contents.EnumerateArray())
            {
                var full = item.TryGetProperty("schedules", out _) || item.TryGetProperty("service_at_locations", out _);
                services.Add(full || !item.TryGetProperty("id", out var id)
                    ? item.Clone()
                    : await GetJsonAsync(http, new Uri($"{servicesUrl}/{Uri.EscapeDataString(IdText(id))}"), cancellationToken));
            }
            var last = Flag(list, "last_page") || contents.GetArrayLength() == 0
                || (list.TryGetProperty("total_pages", out var totalPages) && totalPages.ValueKind == JsonValueKind.Number && page >= totalPages.GetInt32());
            if (last) return new(publisher, services, true);
        }
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await http.GetAsync(url, cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 5)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(attempt);
                await Task.Delay(wait > TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : wait, cancellationToken);
                continue;
            }
            if (!response.IsSuccessStatusCode)
                throw new RuleViolationException($"The feed answered {(int)response.StatusCode} for {url}.");
            try
            {
                using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
                return document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new RuleViolationException($"{url} did not return JSON: {e.Message}");
            }
        }
    }

    public static string IdText(JsonElement id) => id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText();

    private static bool Flag(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
}
