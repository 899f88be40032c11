using System.Globalization;
using System.Text;
using FluentValidation;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.DependencyInjection;
using BuildingBlocks.Web;

namespace BuildingBlocks.Fhir;

/// <summary>
/// How the services speak FHIR R4 over HTTP (docs/FHIR.md): JSON (<c>application/fhir+json</c>) by default, XML
/// (<c>application/fhir+xml</c>) when the client asks by <c>_format</c> or Accept; bodies read the same two ways.
/// </summary>
public static class FhirHttp
{
    public const string JsonType = "application/fhir+json";
    public const string XmlType = "application/fhir+xml";

    /// <summary>The canonical base of this hub's own code systems and extensions: names, never fetched.</summary>
    public const string CanonicalBase = "https://community-directory.example/fhir";

    public static string CodeSystem(string name) => $"{CanonicalBase}/CodeSystem/{name}";

    public static string Extension(string name) => $"{CanonicalBase}/StructureDefinition/{name}";

    /// <summary>A resource as the response, in the format the client asked for.</summary>
    public static IResult Resource(Resource resource, int status = StatusCodes.Status200OK, string? location = null) =>
        new FhirResult(resource, status, location);

    /// <summary>The /fhir base the client called, for full URLs.</summary>
    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/fhir";

    /// <summary>A search parameter's text: null when absent or empty.</summary>
    public static string? QueryText(StringValues values) => values.Count == 0 || string.IsNullOrEmpty(values[0]) ? null : values[0];

    /// <summary>A numeric search parameter (_count, _page): not a number is -1, out of range, so the validator names it.</summary>
    public static int QueryNumber(StringValues values, int fallback) =>
        QueryText(values) is not { } text ? fallback : int.TryParse(text, CultureInfo.InvariantCulture, out var n) ? n : -1;

    /// <summary>
    /// A search's page of <paramref name="resources"/> as a searchset Bundle: the total, a self link, a next link while
    /// more pages remain (the same search with the next _page), and each match by its full URL.
    /// </summary>
    public static IResult SearchSet(HttpRequest request, string type, int total, int page, int count, IEnumerable<Resource> resources)
    {
        var baseUrl = BaseUrl(request);
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Total = total, Meta = new Meta { LastUpdated = DateTimeOffset.UtcNow } };
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = $"{baseUrl}/{type}{request.QueryString}" });
        if (page * count < total)
        {
            var next = QueryString.Create(request.Query.Where(p => p.Key != "_page")
                .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
                .Append(new KeyValuePair<string, string?>("_page", (page + 1).ToString(CultureInfo.InvariantCulture))));
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = $"{baseUrl}/{type}{next}" });
        }
        foreach (var resource in resources)
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/{type}/{resource.Id}", Resource = resource,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        return Resource(bundle);
    }

    /// <summary>Reads the request body as a FHIR resource of type <typeparamref name="T"/>; anything else is a 400 OperationOutcome.</summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : Resource
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text)) throw new FhirFormatException("The request has no body; send a FHIR resource.");
        var xml = request.ContentType?.Contains("xml", StringComparison.OrdinalIgnoreCase) == true
                  || (request.ContentType is null && text.TrimStart().StartsWith('<'));
        Resource parsed;
        try
        {
            parsed = xml ? new FhirXmlDeserializer().DeserializeResource(text) : new FhirJsonDeserializer().DeserializeResource(text);
        }
        catch (DeserializationFailedException failed)
        {
            throw new FhirFormatException("The body is not a valid FHIR R4 resource.", failed.Exceptions.Select(e => e.Message).Take(20));
        }
        // The parsers throw more than their own exception for what is not FHIR at all ("[]" is an InvalidOperationException):
        // anything the parse of a body throws is that body's fault.
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new FhirFormatException($"The body is not readable as FHIR {(xml ? "XML" : "JSON")}.");
        }
        return parsed as T
               ?? throw new FhirFormatException($"Expected a {typeof(T).Name}, but the body is a {parsed.TypeName}.");
    }

    /// <summary>
    /// Catches what the handlers throw and answers it as an OperationOutcome with the status the JSON API gives the
    /// same failure (<see cref="ProblemDetailsExceptionHandler"/>): 400 invalid, 403, 404, 409 conflict, 422 rule.
    /// Anything else goes on to the exception handler (a 500 there, logged).
    /// </summary>
    public static async ValueTask<object?> Outcomes(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception exception) when (Outcome(exception) is { } answer)
        {
            return Resource(answer.Outcome, answer.Status);
        }
    }

    private static (OperationOutcome Outcome, int Status)? Outcome(Exception exception) => exception switch
    {
        FhirFormatException format => (Issues(OperationOutcome.IssueType.Structure, format.Message,
            format.Details.Select(d => (d, (string?)null))), StatusCodes.Status400BadRequest),
        ValidationException validation => (Issues(OperationOutcome.IssueType.Invalid, "The request has invalid fields.",
            validation.Errors.Select(e => (e.ErrorMessage, (string?)e.PropertyName))), StatusCodes.Status400BadRequest),
        RuleViolationException rule => (Issues(OperationOutcome.IssueType.BusinessRule, rule.Message,
            rule.Errors.SelectMany(e => e.Value.Select(m => (m, (string?)e.Key)))), StatusCodes.Status422UnprocessableEntity),
        NotFoundException notFound => (Issues(OperationOutcome.IssueType.NotFound, notFound.Message, []), StatusCodes.Status404NotFound),
        ConflictException conflict => (Issues(OperationOutcome.IssueType.Duplicate, conflict.Message,
            conflict.Extensions.Select(e => ($"{e.Key}: {Text(e.Value)}", (string?)null))), StatusCodes.Status409Conflict),
        DbUpdateConcurrencyException => (Issues(OperationOutcome.IssueType.Conflict,
            "Someone else changed this at the same time; reload it and try again.", []), StatusCodes.Status409Conflict),
        ForbiddenException forbidden => (Issues(OperationOutcome.IssueType.Forbidden, forbidden.Message, []), StatusCodes.Status403Forbidden),
        BadHttpRequestException bad => (Issues(OperationOutcome.IssueType.Structure, bad.Message, []), bad.StatusCode),
        _ => null,
    };

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        System.Collections.IEnumerable items => string.Join(", ", items.Cast<object?>().Select(Text)),
        _ => value.ToString() ?? "",
    };

    /// <summary>One error issue for the whole, then one per detail (with the field it is about, where known).</summary>
    public static OperationOutcome Issues(OperationOutcome.IssueType code, string summary, IEnumerable<(string Message, string? Path)> details)
    {
        var outcome = new OperationOutcome();
        outcome.Issue.Add(new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Error, Code = code, Diagnostics = summary,
        });
        foreach (var (message, path) in details)
        {
            var issue = new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Error, Code = code, Diagnostics = message,
            };
            if (!string.IsNullOrEmpty(path)) issue.Expression = [path];
            outcome.Issue.Add(issue);
        }
        return outcome;
    }

    /// <summary>Put ahead of the default JSON writer, which would otherwise answer /fhir too.</summary>
    public static IServiceCollection AddFhirProblemDetails(this IServiceCollection services)
    {
        services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, FhirProblemDetailsWriter>());
        return services;
    }

    /// <summary>The id in a reference such as "HealthcareService/123", "https://host/fhir/HealthcareService/123" or "123".</summary>
    public static string? ReferenceId(ResourceReference? reference, string type)
    {
        var text = reference?.Reference;
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.TrimEnd('/').Split('/');
        if (parts.Length == 1) return parts[0];
        // ".../Type/id/_history/v" names the same resource.
        if (parts.Length >= 4 && parts[^2] == "_history") parts = parts[..^2];
        return parts[^2] == type ? parts[^1] : null;
    }
}

/// <summary>400: the body is not a FHIR resource of the kind expected (unparseable, or the wrong type).</summary>
public sealed class FhirFormatException(string message, IEnumerable<string>? details = null) : Exception(message)
{
    public IReadOnlyList<string> Details { get; } = details?.ToList() ?? [];
}

/// <summary>A FHIR resource as JSON or XML, by the request's <c>_format</c> or Accept header (JSON when it names neither).</summary>
internal sealed class FhirResult(Resource resource, int status, string? location) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var xml = WantsXml(http.Request);
        http.Response.StatusCode = status;
        http.Response.ContentType = (xml ? FhirHttp.XmlType : FhirHttp.JsonType) + "; charset=utf-8";
        if (location is not null) http.Response.Headers.Location = location;
        if (resource.Meta?.VersionId is { } version) http.Response.Headers.ETag = $"W/\"{version}\"";
        if (resource.Meta?.LastUpdated is { } updated) http.Response.Headers.LastModified = updated.ToString("R");
        var body = xml ? new FhirXmlSerializer().SerializeToString(resource) : new FhirJsonSerializer().SerializeToString(resource);
        await http.Response.WriteAsync(body, Encoding.UTF8, http.RequestAborted);
    }

    private static bool WantsXml(HttpRequest request)
    {
        var format = request.Query["_format"].ToString();
        if (format.Length > 0) return format.Contains("xml", StringComparison.OrdinalIgnoreCase);
        var accept = request.Headers.Accept.ToString();
        return accept.Contains("xml", StringComparison.OrdinalIgnoreCase) && !accept.Contains("json", StringComparison.OrdinalIgnoreCase);
    }
}
