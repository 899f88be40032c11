using BuildingBlocks.Fhir;
using BuildingBlocks.Web;
using FluentValidation;
using FluentValidation.Results;
using Hl7.Fhir.Model;
using Mediator;
using ReferralsService.Data;
using ReferralsService.Domain;
using ReferralsService.Features.Referrals;
using FhirTask = Hl7.Fhir.Model.Task;

namespace ReferralsService.Features.Fhir;

/// <summary>
/// POST /fhir: a clinical system sends a referral as a transaction Bundle of ServiceRequest, Patient, Consent and
/// Task (docs/FHIR.md). The Bundle is read into the JSON API's <see cref="CreateReferral.Command"/> and sent through
/// it, so a FHIR referral meets exactly the rules a JSON one does (400 invalid, 422 unconsented or not referrable,
/// 409 duplicate), answered as OperationOutcomes naming the FHIR element at fault. All or nothing: one referral.
/// </summary>
public static class PostReferralBundle
{
    public static readonly string ConsentScopeSystem = FhirHttp.CodeSystem("referral-consent-scope");
    public static readonly string ConsentMethodExtension = FhirHttp.Extension("consent-method");
    public static readonly string ConsentGiverExtension = FhirHttp.Extension("consent-given-by");

    public sealed record Command(Bundle Bundle) : ICommand<Result>;

    public sealed record Result(Guid Id, FhirTask Task, IReadOnlyList<string> Locations);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Bundle.Type).Equal(Bundle.BundleType.Transaction).OverridePropertyName("Bundle.type")
                .WithMessage("'Bundle.type' must be 'transaction'.");
            RuleForEach(c => c.Bundle.Entry).Must(e => e.Request?.Method is Bundle.HTTPVerb.POST).OverridePropertyName("Bundle.entry.request.method")
                .WithMessage("Every entry must be a POST (a new referral).");
            Entries(b => Count<ServiceRequest>(b) == 1, "Exactly one ServiceRequest is required.");
            Entries(b => Count<Patient>(b) == 1, "Exactly one Patient is required.");
            Entries(b => Count<FhirTask>(b) == 1, "Exactly one Task is required.");
            Entries(b => Count<Hl7.Fhir.Model.Consent>(b) <= 1, "At most one Consent.");
            Entries(b => b.Entry.All(e => e.Resource is ServiceRequest or Patient or FhirTask or Hl7.Fhir.Model.Consent),
                "Only ServiceRequest, Patient, Consent and Task belong in a referral.");
            When(c => Count<ServiceRequest>(c.Bundle) == 1 && Count<Patient>(c.Bundle) == 1 && Count<FhirTask>(c.Bundle) == 1, () =>
            {
                Part("ServiceRequest.subject", p => Refers(p.Request.Subject, p.Bundle, p.Patient), "must reference the Patient in the Bundle.");
                Part("ServiceRequest.intent", p => p.Request.Intent is RequestIntent.Order or RequestIntent.OriginalOrder, "must be 'order'.");
                Part("ServiceRequest.performer", p => ServiceId(p.Request) is not null, "must reference the activity as HealthcareService/{id}.");
                Part("Task.intent", p => p.Task.Intent == FhirTask.TaskIntent.Order, "must be 'order'.");
                Part("Task.status", p => p.Task.Status is FhirTask.TaskStatus.Requested or FhirTask.TaskStatus.Draft,
                    "must be 'requested' (send now) or 'draft' (save only).");
                Part("Task.focus", p => Refers(p.Task.Focus, p.Bundle, p.Request), "must reference the ServiceRequest in the Bundle.");
                Part("Task.owner", p => Owner(p.Task) is not null, "must reference the provider as Organization/{id}.");
                Part("Consent.patient", p => p.Consent is null || Refers(p.Consent.Patient, p.Bundle, p.Patient), "must reference the Patient in the Bundle.");
            });
        }

        private void Entries(Func<Bundle, bool> rule, string message) =>
            RuleFor(c => c.Bundle).Must(rule).OverridePropertyName("Bundle.entry").WithMessage(message);

        private void Part(string path, Func<Parts, bool> rule, string message) =>
            RuleFor(c => Parts.Of(c.Bundle)).Must(rule).OverridePropertyName(path).WithMessage($"'{path}' {message}");

        private static int Count<T>(Bundle b) where T : Resource => b.Entry.Count(e => e.Resource is T);
    }

    internal sealed class Handler(ReferralsDb db, Sender mediator, TimeProvider clock, OutcomesBase outcomes) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            var parts = Parts.Of(command.Bundle);
            var serviceId = ServiceId(parts.Request)!.Value;
            if (await db.ReferrableServices.FindAsync([serviceId], cancellationToken) is { } service && service.OrganisationId != Owner(parts.Task))
                throw new RuleViolationException("The Task's owner is not the organisation that runs the service.",
                    new Dictionary<string, string[]> { ["Task.owner"] = [$"The service is run by Organization/{service.OrganisationId}."] });

            CreateReferral.Result created;
            try
            {
                created = await mediator.Send(ToCommand(parts, serviceId), cancellationToken);
            }
            catch (ValidationException invalid)
            {
                throw new ValidationException(invalid.Errors.Select(e => new ValidationFailure(FhirPath(e.PropertyName), e.ErrorMessage)));
            }
            catch (RuleViolationException rule)
            {
                throw new RuleViolationException(rule.Message, rule.Errors.ToDictionary(e => FhirPath(e.Key), e => e.Value));
            }

            var referral = await db.Referrals.FindAsync([created.Id], cancellationToken) ?? throw new InvalidOperationException("Saved referral vanished.");
            var id = created.Id;
            var locations = command.Bundle.Entry.Select(e => $"{e.Resource!.TypeName}/{id}").ToList();
            return new Result(id, ReferralTask.ToTask(referral, ReferralParty.Referrer, clock.GetUtcNow(), outcomes.Url), locations);
        }
    }

    /// <summary>The Bundle's four resources, once the validator has seen that there is one of each (Consent optional).</summary>
    internal sealed record Parts(Bundle Bundle, ServiceRequest Request, Patient Patient, FhirTask Task, Hl7.Fhir.Model.Consent? Consent)
    {
        public static Parts Of(Bundle bundle) => new(bundle,
            bundle.Entry.Select(e => e.Resource).OfType<ServiceRequest>().First(),
            bundle.Entry.Select(e => e.Resource).OfType<Patient>().First(),
            bundle.Entry.Select(e => e.Resource).OfType<FhirTask>().First(),
            bundle.Entry.Select(e => e.Resource).OfType<Hl7.Fhir.Model.Consent>().FirstOrDefault());
    }

    internal static CreateReferral.Command ToCommand(Parts parts, Guid serviceId)
    {
        var p = parts.Patient;
        var name = p.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official) ?? p.Name.FirstOrDefault();
        var telecom = p.Telecom.Where(t => !string.IsNullOrWhiteSpace(t.Value)).ToList();
        var phone = telecom.Where(t => t.System == ContactPoint.ContactPointSystem.Phone)
            .OrderBy(t => t.Use == ContactPoint.ContactPointUse.Mobile ? 0 : 1).FirstOrDefault()?.Value;
        var email = telecom.FirstOrDefault(t => t.System == ContactPoint.ContactPointSystem.Email)?.Value;
        var nhs = p.Identifier.FirstOrDefault(i => i.System == SearchTasks.NhsNumberSystem)?.Value;
        var request = parts.Request;
        var needs = request.ReasonCode.Select(Text).Where(t => t is not null).Select(t => t!).ToList();
        var reason = Join(request.Note.Select(n => n.Text), "\n");
        var person = new PersonInput(name?.Given.FirstOrDefault() ?? "", name?.Family ?? "", BirthDate(p.BirthDate), nhs, email, phone,
            needs, string.IsNullOrWhiteSpace(request.PatientInstruction) ? null : request.PatientInstruction);
        return new CreateReferral.Command(serviceId, person, ToConsent(parts.Consent), reason, parts.Task.Status == FhirTask.TaskStatus.Requested);
    }

    /// <summary>
    /// The person's consent: what an active Consent permits, by the scope codes on its provisions (docs/FHIR.md). A
    /// Consent that is not active agrees to nothing, and the domain then refuses to send the referral (422).
    /// </summary>
    internal static ConsentInput? ToConsent(Hl7.Fhir.Model.Consent? consent)
    {
        if (consent is null) return null;
        var granted = consent.Status == Hl7.Fhir.Model.Consent.ConsentState.Active ? Permitted(consent.Provision, inherited: null) : [];
        var method = Code(consent, ConsentMethodExtension) is { } m && Lifecycle.TryParse<ConsentMethod>(m, out var parsedMethod)
            ? parsedMethod
            : consent.Source is Attachment ? ConsentMethod.Written : ConsentMethod.Verbal;
        var givenBy = Code(consent, ConsentGiverExtension) is { } g && Lifecycle.TryParse<ConsentGiver>(g, out var parsedGiver)
            ? parsedGiver
            : consent.Performer.Any(r => r.Reference?.Contains("RelatedPerson", StringComparison.Ordinal) == true) ? ConsentGiver.Carer : ConsentGiver.Person;
        var givenAt = consent.DateTimeElement?.TryToDateTimeOffset(out var at) == true ? at : default;
        return new ConsentInput(givenBy, method, givenAt, granted.Contains("share-with-provider"),
            granted.Contains("share-outcomes-with-referrer"), granted.Contains("contact-by-sms"), granted.Contains("contact-by-email"));
    }

    /// <summary>The scope codes a provision (and those nested in it) permits; a nested provision without a type takes its parent's.</summary>
    private static HashSet<string> Permitted(Hl7.Fhir.Model.Consent.provisionComponent? provision, Hl7.Fhir.Model.Consent.ConsentProvisionType? inherited)
    {
        var granted = new HashSet<string>();
        if (provision is null) return granted;
        var type = provision.Type ?? inherited ?? Hl7.Fhir.Model.Consent.ConsentProvisionType.Permit;
        if (type == Hl7.Fhir.Model.Consent.ConsentProvisionType.Permit) granted.UnionWith(ScopeCodes(provision));
        foreach (var nested in provision.Provision)
        {
            var inner = Permitted(nested, type);
            if ((nested.Type ?? type) == Hl7.Fhir.Model.Consent.ConsentProvisionType.Deny) granted.ExceptWith(ScopeCodes(nested));
            else granted.UnionWith(inner);
        }
        return granted;
    }

    private static IEnumerable<string> ScopeCodes(Hl7.Fhir.Model.Consent.provisionComponent provision) =>
        provision.Code.SelectMany(c => c.Coding).Where(c => c.System == ConsentScopeSystem).Select(c => c.Code).OfType<string>();

    private static string? Code(DomainResource resource, string extension) =>
        resource.GetExtension(extension)?.Value switch { Code c => c.Value, FhirString s => s.Value, _ => null };

    internal static Guid? ServiceId(ServiceRequest request) =>
        request.Performer.Select(r => FhirHttp.ReferenceId(r, "HealthcareService")).FirstOrDefault(id => id is not null) is { } id
        && Guid.TryParse(id, out var serviceId) ? serviceId : null;

    internal static Guid? Owner(FhirTask task) =>
        Guid.TryParse(FhirHttp.ReferenceId(task.Owner, "Organization"), out var org) ? org : null;

    /// <summary>Whether a reference points at this resource of the Bundle: by its fullUrl, or as Type/id.</summary>
    private static bool Refers(ResourceReference? reference, Bundle bundle, Resource target)
    {
        if (string.IsNullOrWhiteSpace(reference?.Reference)) return false;
        var entry = bundle.Entry.First(e => ReferenceEquals(e.Resource, target));
        return reference.Reference == entry.FullUrl
               || (target.Id is not null && FhirHttp.ReferenceId(reference, target.TypeName) == target.Id);
    }

    private static DateOnly BirthDate(string? birthDate) =>
        DateOnly.TryParseExact(birthDate, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var d) ? d : default;

    private static string? Text(CodeableConcept concept) =>
        !string.IsNullOrWhiteSpace(concept.Text) ? concept.Text : concept.Coding.Select(c => c.Display ?? c.Code).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));

    private static string? Join(IEnumerable<string?> texts, string separator)
    {
        var kept = texts.Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
        return kept.Count == 0 ? null : string.Join(separator, kept);
    }

    /// <summary>Where each field of the JSON command came from in the Bundle, so an error names what the client sent.</summary>
    private static readonly Dictionary<string, string> Paths = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ServiceId"] = "ServiceRequest.performer",
        ["Reason"] = "ServiceRequest.note",
        ["Person"] = "Patient",
        ["Person.GivenName"] = "Patient.name.given",
        ["Person.FamilyName"] = "Patient.name.family",
        ["Person.DateOfBirth"] = "Patient.birthDate",
        ["Person.NhsNumber"] = "Patient.identifier",
        ["Person.Email"] = "Patient.telecom",
        ["Person.Phone"] = "Patient.telecom",
        ["Person.Needs"] = "ServiceRequest.reasonCode",
        ["Person.Notes"] = "ServiceRequest.patientInstruction",
        ["Consent"] = "Consent",
        ["Consent.GivenAt"] = "Consent.dateTime",
        ["Consent.GivenBy"] = "Consent.performer",
        ["Consent.Method"] = "Consent.extension",
        ["Consent.ShareWithProvider"] = "Consent.provision",
        ["Consent.ContactBySms"] = "Consent.provision",
        ["Consent.ContactByEmail"] = "Consent.provision",
    };

    private static string FhirPath(string path)
    {
        if (Paths.TryGetValue(path, out var mapped)) return mapped;
        var bare = System.Text.RegularExpressions.Regex.Replace(path, @"\[\d+\]", "");
        return Paths.TryGetValue(bare, out mapped) ? mapped : path;
    }

    internal static async Task<IResult> Endpoint(HttpRequest request, Sender mediator, CancellationToken cancellationToken)
    {
        var bundle = await FhirHttp.ReadAsync<Bundle>(request, cancellationToken);
        var result = await mediator.Send(new Command(bundle), cancellationToken);
        var baseUrl = FhirHttp.BaseUrl(request);
        var response = new Bundle { Type = Bundle.BundleType.TransactionResponse, Meta = new Meta { LastUpdated = DateTimeOffset.UtcNow } };
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            var isTask = bundle.Entry[i].Resource is FhirTask;
            response.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = isTask ? $"{baseUrl}/Task/{result.Id}" : null,
                Resource = isTask ? result.Task : null,
                Response = new Bundle.ResponseComponent { Status = "201 Created", Location = result.Locations[i], Etag = isTask ? $"W/\"{result.Task.Meta!.VersionId}\"" : null },
            });
        }
        return FhirHttp.Resource(response);
    }
}
