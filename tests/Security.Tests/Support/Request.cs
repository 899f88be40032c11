using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Security.Tests.Support;

/// <summary>One concrete request: a path (with any query), and a JSON body or a raw one.</summary>
public sealed record Request(string Path, JsonNode? Json = null, byte[]? Raw = null, string? MediaType = null)
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>A request with no body: a GET, DELETE or a POST whose route says it all.</summary>
    public static Request To(string path) => new(path);

    public static Request WithJson(string path, object body) => new(path, JsonSerializer.SerializeToNode(body, Web));

    public static Request WithText(string path, string text, string mediaType) => new(path, null, Encoding.UTF8.GetBytes(text), mediaType);

    public HttpRequestMessage ToMessage(string method)
    {
        var message = new HttpRequestMessage(new HttpMethod(method), Path);
        if (Raw is null && Json is null) return message;
        message.Content = new ByteArrayContent(Raw ?? Encoding.UTF8.GetBytes(Json!.ToJsonString()));
        // Unvalidated: the fuzzer sends media types with parameters the client's parser refuses to build.
        message.Content.Headers.TryAddWithoutValidation("Content-Type", MediaType ?? "application/json; charset=utf-8");
        return message;
    }

    public string Describe()
    {
        var body = Raw is not null ? Encoding.UTF8.GetString(Raw) : Json?.ToJsonString();
        return body is null ? Path : $"{Path} {Shorten(body)}";
    }

    /// <summary>
    /// Sends <paramref name="request"/> and reads its answer's body, except a stream of server-sent events (which never
    /// ends by itself): its status and headers are the answer, and disposing the response closes it.
    /// </summary>
    public static async Task<(HttpResponseMessage Response, string Body)> Send(HttpClient http, HttpRequestMessage request)
    {
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = response.Content.Headers.ContentType?.MediaType == "text/event-stream" ? "" : await response.Content.ReadAsStringAsync();
        return (response, body);
    }

    public static string Shorten(string text, int max = 160) =>
        text.Length <= max ? text : $"{text[..max]}... ({text.Length} chars)";
}

/// <summary>What every refusal must be: problem details, and silent about the people behind the data.</summary>
public static class Refusals
{
    /// <summary>
    /// Whether an error answer is problem details: RFC 9457 problem+json, or under /fhir FHIR's own, an OperationOutcome
    /// (docs/FHIR.md).
    /// </summary>
    public static bool IsProblemDetails(HttpResponseMessage response, string body)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType == "application/problem+json") return true;
        var fhir = response.RequestMessage?.RequestUri?.AbsolutePath.StartsWith("/fhir", StringComparison.OrdinalIgnoreCase) == true;
        return fhir && mediaType == "application/fhir+json" && body.Contains("\"resourceType\":\"OperationOutcome\"", StringComparison.Ordinal);
    }

    public static IEnumerable<string> Problems(HttpResponseMessage response, string body, IEnumerable<string> secrets)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (!IsProblemDetails(response, body))
            yield return $"{(int)response.StatusCode} answered as {mediaType ?? "no content type"}, not problem details (problem+json; an OperationOutcome under /fhir)";
        foreach (var secret in secrets.Where(s => body.Contains(s, StringComparison.OrdinalIgnoreCase)))
            yield return $"{(int)response.StatusCode} reveals \"{secret}\": {Request.Shorten(body)}";
    }
}
