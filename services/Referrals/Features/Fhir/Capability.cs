using BuildingBlocks.Fhir;
using Hl7.Fhir.Model;

namespace ReferralsService.Features.Fhir;

/// <summary>GET /fhir/metadata: what the Referrals FHIR endpoint does (docs/FHIR.md). Public, as FHIR expects.</summary>
public static class Capability
{
    private static readonly DateTimeOffset Published = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);

    public static CapabilityStatement Statement(string baseUrl)
    {
        var task = new CapabilityStatement.ResourceComponent
        {
            Type = "Task",
            Documentation = "A referral's progress: its status is the referral's (requested ... completed), with businessStatus and statusReason.",
            Interaction = [Read(), SearchType()],
            SearchParam =
            [
                Param("identifier", SearchParamType.Token, "The referral's id: urn:ietf:rfc:3986|urn:uuid:{id}."),
                Param("owner", SearchParamType.Reference, "The provider organisation: Organization/{id}."),
                Param("requester", SearchParamType.Reference, "The referrer's user id."),
                Param("status", SearchParamType.Token, "Task status codes, comma-separated."),
                Param("patient", SearchParamType.Reference, "With :identifier, the person's NHS number (https://fhir.nhs.uk/Id/nhs-number|...)."),
                Param("_lastUpdated", SearchParamType.Date, "When the referral last moved; eq, gt, ge, lt, le."),
            ],
        };
        // Served by Feedback, which owns attendance, outcomes and the signed webhooks: at this same /fhir in the embedded
        // host, at Feedback's own /fhir in the distributed one (Task.output links there).
        var encounter = new CapabilityStatement.ResourceComponent
        {
            Type = "Encounter",
            Documentation = "A session of the referral (served by Feedback): attended (finished), or cancelled with type did-not-attend or cancelled. Provider; the referrer only with the person's consent to share outcomes.",
            Interaction = [Read(), SearchType()],
            SearchParam = [BasedOn()],
        };
        var observation = new CapabilityStatement.ResourceComponent
        {
            Type = "Observation",
            Documentation = "Outcome measures (served by Feedback): ONS4 personal wellbeing (four components) and the UCLA 3-item loneliness scale (LOINC 106418-7, total and items), baseline and follow-up. Same rule as Encounter.",
            Interaction = [Read(), SearchType()],
            SearchParam = [BasedOn()],
        };
        var subscription = new CapabilityStatement.ResourceComponent
        {
            Type = "Subscription",
            Documentation = "Served by Feedback. rest-hook only; criteria a Task search (identifier, requester, owner, status); notifications empty or id-only, signed with the secret in the channel's subscription-secret extension (X-Signature: sha256=HMAC of \"{X-Timestamp}.{body}\"). Told only of Tasks the subscriber may read.",
            Interaction =
            [
                new() { Code = CapabilityStatement.TypeRestfulInteraction.Create },
                Read(),
                new() { Code = CapabilityStatement.TypeRestfulInteraction.Delete },
            ],
        };
        return new CapabilityStatement
        {
            Id = "referrals",
            Url = $"{FhirHttp.CanonicalBase}/CapabilityStatement/referrals",
            Name = "CommunityDirectoryReferrals",
            Title = "Community directory: social-prescribing referrals over FHIR R4",
            Status = PublicationStatus.Active,
            DateElement = new FhirDateTime(Published),
            Publisher = "Community directory",
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "Community directory referrals" },
            Implementation = new CapabilityStatement.ImplementationComponent { Description = "Referrals service", Url = baseUrl },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["json", "xml", FhirHttp.JsonType, FhirHttp.XmlType],
            Rest =
            [
                new CapabilityStatement.RestComponent
                {
                    Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                    Documentation = "Send a referral as a transaction Bundle (ServiceRequest, Patient, Consent, Task); hear back by reading or searching Task, or by a Subscription on Task; read attendance (Encounter) and outcomes (Observation) where the person consented.",
                    Security = new CapabilityStatement.SecurityComponent
                    {
                        Description = "Bearer tokens as for the JSON API (Authorization: Bearer ...): practitioners send and read their own and their team's referrals; provider staff read those sent to their organisation. SMART on FHIR scopes are the next step.",
                    },
                    Resource = [task, encounter, observation, subscription],
                    Interaction = [new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Transaction }],
                },
            ],
        };
    }

    private static CapabilityStatement.ResourceInteractionComponent Read() => new() { Code = CapabilityStatement.TypeRestfulInteraction.Read };

    private static CapabilityStatement.ResourceInteractionComponent SearchType() => new() { Code = CapabilityStatement.TypeRestfulInteraction.SearchType };

    private static CapabilityStatement.SearchParamComponent BasedOn() =>
        Param("based-on", SearchParamType.Reference, "The referral: ServiceRequest/{id} (or subject=Patient/{id}).");

    private static CapabilityStatement.SearchParamComponent Param(string name, SearchParamType type, string documentation) =>
        new() { Name = name, Type = type, Documentation = documentation };

    internal static IResult Endpoint(HttpRequest request) => FhirHttp.Resource(Statement(FhirHttp.BaseUrl(request)));
}
