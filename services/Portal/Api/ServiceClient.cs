using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Portal.Api;

/// <summary>
/// What the three typed clients share: JSON as the services write it (camelCase, kebab-case enums) and the
/// translation of every failure into an <see cref="ApiResult{T}"/>, so a page never sees an exception from a call.
/// </summary>
/// <summary>A file a service answered with (a CSV export), passed on to the browser as it came.</summary>
public sealed record FileBody(byte[] Content, string ContentType, string? FileName);

public abstract partial class ServiceClient(HttpClient http, ILogger logger, string service)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    protected Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    protected Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        SendAsync<T>(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body ?? new { }, options: Json) }, cancellationToken);

    protected Task<ApiResult<NoContent>> PostAsync(string path, object? body, CancellationToken cancellationToken) =>
        SendAsync<NoContent>(HttpMethod.Post, path, body, cancellationToken);

    /// <summary>
    /// Sends a request as built (a caller may set its own Accept-Language); otherwise it asks for the page's language,
    /// so the Directory answers with a listing's translation into it where there is one (docs/LANGUAGES.md).
    /// </summary>
    protected async Task<ApiResult<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.AcceptLanguage.Count == 0)
            request.Headers.TryAddWithoutValidation("Accept-Language", System.Globalization.CultureInfo.CurrentUICulture.Name is { Length: > 0 } name ? name : "en");
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                if (typeof(T) == typeof(NoContent)) return ApiResult<T>.Success(service, (T)(object)NoContent.Value);
                if (typeof(T) == typeof(FileBody))
                    return ApiResult<T>.Success(service, (T)(object)new FileBody(await response.Content.ReadAsByteArrayAsync(cancellationToken),
                        response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream",
                        response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"')));
                var value = await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
                return value is null
                    ? ApiResult<T>.Failure(service, ApiOutcome.NotAvailable, null)
                    : ApiResult<T>.Success(service, value);
            }

            var (outcome, problem) = await ProblemReader.ReadAsync(response, cancellationToken);
            // Paths only: query strings can carry a person's search terms.
            if (logger.IsEnabled(LogLevel.Information))
                logger.LogInformation("{Service} answered {Status} to {Method} {Path}", service, problem.Status, request.Method,
                    request.RequestUri?.AbsolutePath);
            return ApiResult<T>.Failure(service, outcome, problem);
        }
        catch (HttpRequestException exception)
        {
            logger.LogWarning("{Service} is unreachable: {Message}", service, exception.Message);
            return ApiResult<T>.Failure(service, ApiOutcome.NotAvailable, null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("{Service} timed out on {Path}", service, request.RequestUri?.AbsolutePath);
            return ApiResult<T>.Failure(service, ApiOutcome.NotAvailable, null);
        }
        catch (JsonException exception)
        {
            logger.LogWarning("{Service} sent a body the portal cannot read on {Path}: {Message}", service,
                request.RequestUri?.AbsolutePath, exception.Message);
            return ApiResult<T>.Failure(service, ApiOutcome.NotAvailable, null);
        }
    }

    /// <summary>
    /// A stream of server-sent events from the service, as it comes; the caller disposes the response, which closes the
    /// stream. A refusal is read like any other call's (a bad <c>since</c> is Invalid, not the service being down).
    /// </summary>
    protected async Task<ApiResult<HttpResponseMessage>> OpenEventStreamAsync(string path, string? lastEventId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (!string.IsNullOrEmpty(lastEventId)) request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        try
        {
            // Headers only: the client's timeout bounds the wait for them, not the stream that follows.
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.IsSuccessStatusCode) return ApiResult<HttpResponseMessage>.Success(service, response);
            using var _ = response;
            if (logger.IsEnabled(LogLevel.Information))
                logger.LogInformation("{Service} answered {Status} to the stream {Path}", service, (int)response.StatusCode, request.RequestUri?.AbsolutePath);
            var (outcome, problem) = await ProblemReader.ReadAsync(response, cancellationToken);
            return ApiResult<HttpResponseMessage>.Failure(service, outcome, problem);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("{Service} is unreachable for the stream {Path}: {Message}", service, request.RequestUri?.AbsolutePath, exception.Message);
        }
        return ApiResult<HttpResponseMessage>.Failure(service, ApiOutcome.NotAvailable, null);
    }

    protected static string Query(params (string Name, string? Value)[] parameters) =>
        string.Join('&', parameters.Where(p => !string.IsNullOrWhiteSpace(p.Value))
            .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}")) is { Length: > 0 } q ? "?" + q : "";
}
