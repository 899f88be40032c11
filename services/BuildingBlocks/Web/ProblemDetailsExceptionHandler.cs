using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Npgsql;

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
            ForbiddenException forbidden => new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden, Title = "Forbidden.", Detail = forbidden.Message,
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
            _ => new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred.",
            },
        };

        if (problem.Status == StatusCodes.Status500InternalServerError)
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", http.Request.Method, http.Request.Path);

        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http, ProblemDetails = problem, Exception = exception,
        });
    }

    private static ProblemDetails WithExtensions(ProblemDetails problem, IDictionary<string, object?> extensions)
    {
        foreach (var (key, value) in extensions) problem.Extensions[key] = value;
        return problem;
    }

    // PostgreSQL text cannot hold NUL (SQLite's can). Whichever field or query parameter brought it in, it came with the
    // request: one rule here rather than a check on every string of every request.
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
