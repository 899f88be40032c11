using System.Net;
using System.Text.Json;

namespace Portal.Api;

/// <summary>How a call to a service ended, in the terms a page needs to explain it to a person.</summary>
public enum ApiOutcome
{
    Ok,
    /// <summary>400/409/422: the service refused the request and said why (field messages for the error summary).</summary>
    Invalid,
    /// <summary>404 naming the thing that does not exist.</summary>
    NotFound,
    /// <summary>401/403.</summary>
    Forbidden,
    /// <summary>The service is down, or the endpoint does not exist (yet): 404 without detail, 405, 501, 5xx, no connection.</summary>
    NotAvailable,
}

/// <summary>An RFC 9457 problem as the services write it, with the per-field messages of a validation problem.</summary>
public sealed record ApiProblem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    /// <summary>The problem's other members (RFC 9457 extensions), such as a duplicate's <c>existingReferralId</c>.</summary>
    public IReadOnlyDictionary<string, JsonElement> Extensions { get; init; } = new Dictionary<string, JsonElement>();
}

public sealed class ApiResult<T>
{
    public ApiOutcome Outcome { get; private init; }
    public T? Value { get; private init; }
    public ApiProblem? Problem { get; private init; }
    /// <summary>Which service answered (or failed to), for "not available" messages.</summary>
    public string Service { get; private init; } = "";

    public bool Ok => Outcome == ApiOutcome.Ok;

    public static ApiResult<T> Success(string service, T value) => new() { Outcome = ApiOutcome.Ok, Value = value, Service = service };

    public static ApiResult<T> Failure(string service, ApiOutcome outcome, ApiProblem? problem) =>
        new() { Outcome = outcome, Problem = problem, Service = service };

    public ApiResult<TOther> As<TOther>() => ApiResult<TOther>.Failure(Service, Outcome, Problem);
}

/// <summary>Nothing to read back (204, or a body the page does not need).</summary>
public sealed record NoContent
{
    public static readonly NoContent Value = new();
}

internal static class ProblemReader
{
    public static async Task<(ApiOutcome, ApiProblem)> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        string? title = null, detail = null;
        var errors = new Dictionary<string, string[]>();
        var extensions = new Dictionary<string, JsonElement>();
        var isProblem = response.Content.Headers.ContentType?.MediaType is "application/problem+json" or "application/json";
        if (isProblem)
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken),
                    cancellationToken: cancellationToken);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
                    detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
                    if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
                        foreach (var field in e.EnumerateObject())
                            errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                                ? field.Value.EnumerateArray().Select(m => m.ToString()).ToArray()
                                : [field.Value.ToString()];
                    foreach (var member in root.EnumerateObject())
                        if (member.Name is not ("type" or "title" or "status" or "detail" or "instance" or "errors"))
                            extensions[member.Name] = member.Value.Clone();
                }
            }
            catch (JsonException) { /* not a problem body after all: fall back to the status code */ }
        }

        var outcome = response.StatusCode switch
        {
            HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity => ApiOutcome.Invalid,
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ApiOutcome.Forbidden,
            // A handler's NotFoundException carries a detail; an unmapped route is a bare 404.
            HttpStatusCode.NotFound when detail is not null => ApiOutcome.NotFound,
            _ => ApiOutcome.NotAvailable,
        };
        return (outcome, new ApiProblem(status, title ?? response.ReasonPhrase ?? $"HTTP {status}", detail, errors) { Extensions = extensions });
    }
}
