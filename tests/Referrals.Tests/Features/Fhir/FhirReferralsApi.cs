using ReferralsService;
using TestSupport;

namespace Referrals.Tests.Features.Fhir;

/// <summary>The Referrals service on a real loopback port, so the Firely FhirClient talks to it over HTTP as a GP system would.</summary>
public sealed class FhirReferralsApi : ServiceApi<ReferralsModule>
{
    protected override bool RealHttp => true;
}
