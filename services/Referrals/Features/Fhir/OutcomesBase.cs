using BuildingBlocks.Fhir;
using Microsoft.Extensions.Options;

namespace ReferralsService.Features.Fhir;

/// <summary>Where a Task's output links to its attendance and outcomes: Feedback's /fhir (<see cref="ReferralsSettings.FeedbackFhirBaseUrl"/>).</summary>
public sealed class OutcomesBase(IOptions<ReferralsSettings> settings, IHttpContextAccessor http)
{
    public string Url => settings.Value.FeedbackFhirBaseUrl
                         ?? (http.HttpContext is { } context ? FhirHttp.BaseUrl(context.Request) : "/fhir");
}
