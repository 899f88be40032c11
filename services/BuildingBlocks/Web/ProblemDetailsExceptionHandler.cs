using System.Text.Json;
using BuildingBlocks.Persistence;
using FluentValidation;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace BuildingBlocks.Web;

/// <summary>The one place where exceptions become RFC 9457 problem details; nothing else writes error bodies.</summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem = exception switch
        {
            ValidationException validation => new HttpValidationProblemDetails(validation.Errors
                .GroupBy(e => JsonPath(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request has invalid fields.",
            },
            RuleViolationException rule => new HttpValidationProblemDetails(rule.Errors)
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "The request cannot be carried out.",
                Detail = rule.Message,
            },
            NotFoundException notFound => new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound, Title = "Not found.", Detail = notFound.Message,
            },
            ConflictException conflict => WithExtensions(new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict, Title = "Conflict with the current state.", Detail = conflict.Message,
            }, conflict.Extensions),
            // Two requests raced for the same row (optimistic concurrency) or the same unique key: the later one lost.
            DbUpdateConcurrencyException => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict, Title = "Conflict with the current state.",
                Detail = "Someone else changed this at the same time; reload it and try again.",
            },
            DbUpdateException update when IsUniqueViolation(update) => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict, Title = "Conflict with the current state.",
                Detail = "This already exists, or someone else created it at the same time; reload and try again.",
            },
            ForbiddenException forbidden => new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden, Title = "Forbidden.", Detail = forbidden.Message,
            },
            // A body that is JSON but not of the expected shape: named by its path, like a validation failure.
            BadHttpRequestException { InnerException: JsonException json } => new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { [BodyPath(json.Path)] = [BodyMessage(json)] })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request has invalid fields.",
            },
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode, Title = "The request could not be read.", Detail = bad.Message,
            },
            _ when HasNulCharacter(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest, Title = "The request could not be read.",
                Detail = "Text cannot contain the NUL character (\\u0000).",
            },
            // The database restarting or failing over: the client's retry will likely succeed, so say so (503 with
            // Retry-After) rather than report a fault in the request.
            _ when DatabaseFailures.IsTransient(exception) => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable, Title = "The service is briefly unavailable.",
                Detail = "Its database could not be reached; try again in a few seconds.",
            },
            _ => new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred.",
            },
        };

        // The route's template, never the path itself: paths carry outcome-link tokens and search words. The exception
        // handler middleware has cleared the request's endpoint by now; the feature keeps it.
        var endpoint = http.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? http.GetEndpoint();
        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        if (problem.Status == StatusCodes.Status500InternalServerError)
            logger.LogError(exception, "Unhandled exception on {Method} {Route}", http.Request.Method, route);
        else if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning("Database unavailable on {Method} {Route}: {Error}", http.Request.Method, route, exception.GetType().Name);
            http.Response.Headers.RetryAfter = "2";
        }

        http.Response.StatusCode = problem.Status!.Value;
        if (await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception }))
            return true;
        // A client that accepts no JSON (an EventSource asks only for text/event-stream) still gets the problem, rather
        // than the middleware turning a refused request into a 500.
        await http.Response.WriteAsJsonAsync(problem, problem.GetType(), options: null, contentType: "application/problem+json", cancellationToken);
        return true;
    }

    // "$.person.givenName" -> "person.givenName"; the whole body when the root itself is wrong.
    private static string BodyPath(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : JsonPath(path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path);

    // The serializer's own messages name .NET types and byte positions: say what is wrong in the client's terms.
    private static string BodyMessage(JsonException json)
    {
        var message = json.Message.Split(" Path: ")[0];
        return message.Contains("could not be converted", StringComparison.Ordinal) || message.Contains("LineNumber", StringComparison.Ordinal)
            ? "This value is not of the expected type, or the JSON is malformed here."
            : message;
    }

    private static bool IsUniqueViolation(DbUpdateException update) => update.InnerException switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555, // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
        _ => false,
    };

    private static ProblemDetails WithExtensions(ProblemDetails problem, IDictionary<string, object?> extensions)
    {
        foreach (var (key, value) in extensions) problem.Extensions[key] = value;
        return problem;
    }

    // PostgreSQL text cannot hold NUL (SQLite's can). Request strings are refused before they get that far
    // (PlainTextJsonConverter, ServiceDefaults.PlainTextUrls); a NUL from anywhere else still answers 400, not 500.
    private static bool HasNulCharacter(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire }) return true;
        return false;
    }

    // "Location.Postcode" -> "location.postcode", matching the JSON the client sent.
    private static string JsonPath(string propertyName) => string.Join('.',
        propertyName.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
