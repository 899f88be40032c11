using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace BuildingBlocks.Fhir;

/// <summary>
/// Under /fhir, problem details are written as FHIR's own: an OperationOutcome (application/fhir+json or +xml), with
/// the status the one exception handler chose. So a refusal made before any FHIR code runs (401 without a token, 403
/// by role, 404 for a route FHIR does not serve, 429, a malformed URL) reads the same to a FHIR client as the ones the
/// /fhir handlers make themselves (<see cref="FhirHttp.Outcomes"/>).
/// </summary>
public sealed class FhirProblemDetailsWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => IsFhir(context.HttpContext.Request);

    public static bool IsFhir(HttpRequest request) => request.Path.StartsWithSegments("/fhir", StringComparison.OrdinalIgnoreCase);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var problem = context.ProblemDetails;
        var status = problem.Status ?? http.Response.StatusCode;
        var details = problem is HttpValidationProblemDetails validation
            ? validation.Errors.SelectMany(e => e.Value.Select(m => (m, (string?)e.Key)))
            : [];
        var outcome = FhirHttp.Issues(Code(status), problem.Detail ?? problem.Title ?? ReasonPhrases.GetReasonPhrase(status), details);
        return new ValueTask(FhirHttp.Resource(outcome, status).ExecuteAsync(http));
    }

    private static OperationOutcome.IssueType Code(int status) => status switch
    {
        400 => OperationOutcome.IssueType.Invalid,
        401 => OperationOutcome.IssueType.Login,
        403 => OperationOutcome.IssueType.Forbidden,
        404 => OperationOutcome.IssueType.NotFound,
        409 => OperationOutcome.IssueType.Conflict,
        413 => OperationOutcome.IssueType.TooLong,
        405 or 406 or 415 => OperationOutcome.IssueType.NotSupported,
        422 => OperationOutcome.IssueType.BusinessRule,
        429 => OperationOutcome.IssueType.Throttled,
        >= 500 => OperationOutcome.IssueType.Exception,
        _ => OperationOutcome.IssueType.Processing,
    };
}
