using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace TestSupport;

/// <summary>
/// What a GP system sees: the Firely SDK's FhirClient, and every resource it gets back checked against the R4 base
/// resource definitions (Firely.Fhir.Validation with the specification.zip of Hl7.Fhir.Specification.Data.R4).
/// </summary>
public static class FhirValidation
{
    private static readonly Lazy<Validator> Shared = new(() =>
    {
        var resolver = new CachedResolver(ZipSource.CreateValidationSource());
        return new Validator(resolver, new LocalTerminologyService(resolver));
    });

    /// <summary>The errors (and fatal issues) the R4 base definitions find in the resource; empty when it conforms.</summary>
    public static IReadOnlyList<string> Errors(Resource resource)
    {
        var outcome = Shared.Value.Validate(resource);
        return outcome.Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Select(i => $"{string.Join(",", i.Expression ?? [])}: {i.Details?.Text ?? i.Diagnostics}")
            .ToList();
    }

    public static void AssertValid(Resource resource)
    {
        var errors = Errors(resource);
        Xunit.Assert.True(errors.Count == 0, $"{resource.TypeName} does not conform to R4:\n{string.Join("\n", errors)}");
    }

    /// <summary>A FhirClient on the service's /fhir base, sending the bearer token as the JSON API's clients do.</summary>
    public static FhirClient Client(HttpClient http) =>
        new(new Uri(http.BaseAddress!, "fhir/"), http, new FhirClientSettings { PreferredFormat = ResourceFormat.Json, VerifyFhirVersion = false });
}
