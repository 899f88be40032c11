using BuildingBlocks.Fhir;
using Hl7.Fhir.Model;
using FhirTask = Hl7.Fhir.Model.Task;

namespace TestSupport;

/// <summary>
/// A referral as a GP system builds it (docs/FHIR.md): a transaction Bundle of ServiceRequest, Patient, Consent and Task,
/// written against the documented codes, not the service's own constants.
/// </summary>
public static class ReferralBundle
{
    public const string ValidNhsNumber = "9434765919";

    public static Bundle For(Guid serviceId, Guid providerOrganisation, string given = "Mary", string family = "O'Brien",
        string? nhsNumber = ValidNhsNumber, bool withConsent = true, bool shareWithProvider = true,
        FhirTask.TaskStatus status = FhirTask.TaskStatus.Requested)
    {
        var patientUrl = $"urn:uuid:{Guid.NewGuid()}";
        var requestUrl = $"urn:uuid:{Guid.NewGuid()}";
        var patient = new Patient
        {
            Name = [new HumanName { Use = HumanName.NameUse.Official, Given = [given], Family = family }],
            BirthDate = "1948-05-17",
            Telecom =
            [
                new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Mobile, "07700 900123"),
                new ContactPoint(ContactPoint.ContactPointSystem.Email, ContactPoint.ContactPointUse.Home, "mary@example.org"),
            ],
        };
        if (nhsNumber is not null) patient.Identifier.Add(new Identifier("https://fhir.nhs.uk/Id/nhs-number", nhsNumber));

        var request = new ServiceRequest
        {
            Status = RequestStatus.Active,
            Intent = RequestIntent.Order,
            Subject = new ResourceReference(patientUrl),
            Performer = [new ResourceReference($"HealthcareService/{serviceId}")],
            ReasonCode = [new CodeableConcept { Text = "loneliness" }, new CodeableConcept { Text = "bereavement" }],
            Note = [new Annotation { Text = new Markdown("Recently bereaved and lives alone") }],
            PatientInstruction = "Prefers mornings",
            AuthoredOnElement = new FhirDateTime(DateTimeOffset.UtcNow),
        };

        var task = new FhirTask
        {
            Status = status,
            Intent = FhirTask.TaskIntent.Order,
            Focus = new ResourceReference(requestUrl),
            For = new ResourceReference(patientUrl),
            Owner = new ResourceReference($"Organization/{providerOrganisation}"),
            AuthoredOnElement = new FhirDateTime(DateTimeOffset.UtcNow),
        };

        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        bundle.AddResourceEntry(patient, patientUrl).Request = Post("Patient");
        bundle.AddResourceEntry(request, requestUrl).Request = Post("ServiceRequest");
        if (withConsent) bundle.AddResourceEntry(Consent(patientUrl, shareWithProvider), $"urn:uuid:{Guid.NewGuid()}").Request = Post("Consent");
        bundle.AddResourceEntry(task, $"urn:uuid:{Guid.NewGuid()}").Request = Post("Task");
        return bundle;
    }

    /// <summary>The person's consent: sharing with the provider (unless withheld), outcomes back to the referrer, SMS contact.</summary>
    public static Consent Consent(string patientUrl, bool shareWithProvider)
    {
        var scope = FhirHttp.CodeSystem("referral-consent-scope");
        var provision = new Consent.provisionComponent { Type = Hl7.Fhir.Model.Consent.ConsentProvisionType.Permit };
        foreach (var code in new[] { shareWithProvider ? "share-with-provider" : null, "share-outcomes-with-referrer", "contact-by-sms" })
            if (code is not null) provision.Provision.Add(new Consent.provisionComponent { Code = [new CodeableConcept(scope, code)] });
        var consent = new Consent
        {
            Status = Hl7.Fhir.Model.Consent.ConsentState.Active,
            Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"),
            Category = [new CodeableConcept("http://loinc.org", "59284-0", "Patient Consent")],
            Patient = new ResourceReference(patientUrl),
            Performer = [new ResourceReference(patientUrl)],
            DateTimeElement = new FhirDateTime(DateTimeOffset.UtcNow.AddMinutes(-10)),
            Policy = [new Consent.PolicyComponent { Uri = "https://community-directory.example/fhir/policy/referral-sharing" }],
            Provision = provision,
        };
        consent.SetExtension(FhirHttp.Extension("consent-method"), new Code("verbal"));
        return consent;
    }

    private static Bundle.RequestComponent Post(string type) => new() { Method = Bundle.HTTPVerb.POST, Url = type };
}
