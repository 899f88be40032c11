using BuildingBlocks.Fhir;
using Hl7.Fhir.Model;
using ReferralsService.Domain;
using FhirTask = Hl7.Fhir.Model.Task;

namespace ReferralsService.Features.Fhir;

/// <summary>
/// A referral as the FHIR Task that tracks it (the SDOH Clinical Care / BSeR pattern): its status is the referral's
/// status, one to one; businessStatus says where it stands within that; statusReason why it closed. The Task's id is
/// the referral's id. Who the person is (Task.for's name) shows only to a side that may see them (<see cref="Referral.SharesPersonWith"/>).
/// </summary>
public static class ReferralTask
{
    /// <summary>Identifier system of a referral's id: a plain UUID, as FHIR writes one.</summary>
    public const string IdentifierSystem = "urn:ietf:rfc:3986";
    public static readonly string BusinessStatusSystem = FhirHttp.CodeSystem("referral-business-status");
    public static readonly string StatusReasonSystem = FhirHttp.CodeSystem("referral-status-reason");
    public static readonly string OutputSystem = FhirHttp.CodeSystem("referral-output");
    public static readonly string ReferrerSystem = FhirHttp.CodeSystem("referrer");

    public static string Identifier(Guid id) => $"urn:uuid:{id}";

    /// <summary>The FHIR Task.status of a referral status: the same code (the lifecycle was drawn from Task's).</summary>
    public static FhirTask.TaskStatus Status(ReferralStatus status) => status switch
    {
        ReferralStatus.Draft => FhirTask.TaskStatus.Draft,
        ReferralStatus.Requested => FhirTask.TaskStatus.Requested,
        ReferralStatus.Accepted => FhirTask.TaskStatus.Accepted,
        ReferralStatus.Rejected => FhirTask.TaskStatus.Rejected,
        ReferralStatus.InProgress => FhirTask.TaskStatus.InProgress,
        ReferralStatus.OnHold => FhirTask.TaskStatus.OnHold,
        ReferralStatus.Completed => FhirTask.TaskStatus.Completed,
        ReferralStatus.Failed => FhirTask.TaskStatus.Failed,
        ReferralStatus.Cancelled => FhirTask.TaskStatus.Cancelled,
        ReferralStatus.EnteredInError => FhirTask.TaskStatus.EnteredInError,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>When the referral last moved: its timeline's latest step (Task.lastModified, meta.lastUpdated).</summary>
    public static DateTimeOffset LastUpdated(Referral r) => r.Timeline.Max(t => t.At);

    /// <param name="outcomesBase">The /fhir base of Feedback, which serves the attendance and outcome resources the output links to.</param>
    public static FhirTask ToTask(Referral r, ReferralParty party, DateTimeOffset now, string outcomesBase)
    {
        var last = r.Timeline[^1];
        var showPerson = r.SharesPersonWith(party);
        var task = new FhirTask
        {
            Id = r.Id.ToString(),
            Meta = new Meta { VersionId = r.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), LastUpdated = LastUpdated(r) },
            Identifier = [new Identifier(IdentifierSystem, Identifier(r.Id))],
            Status = Status(r.Status),
            BusinessStatus = BusinessStatus(r, now),
            StatusReason = StatusReason(r.Status, last),
            Intent = FhirTask.TaskIntent.Order,
            Priority = RequestPriority.Routine,
            Code = new CodeableConcept("http://hl7.org/fhir/CodeSystem/task-code", "fulfill", "Fulfill the focal request"),
            Description = $"Referral to {r.ServiceName}",
            Focus = new ResourceReference($"ServiceRequest/{r.Id}"),
            For = new ResourceReference($"Patient/{r.Id}") { Display = showPerson ? r.Person.DisplayName() : null },
            AuthoredOnElement = new FhirDateTime(r.CreatedAt),
            LastModifiedElement = new FhirDateTime(LastUpdated(r)),
            Requester = new ResourceReference
            {
                Identifier = new Identifier(ReferrerSystem, r.ReferrerId), Display = r.ReferrerName,
            },
            Owner = new ResourceReference($"Organization/{r.ProviderOrganisationId}"),
        };
        if (r.RequestedAt is { } requested)
            task.ExecutionPeriod = new Period(new FhirDateTime(requested), r.ClosedAt is { } closed ? new FhirDateTime(closed) : null);
        if (r.ResponseDueAt is { } due && r.Status == ReferralStatus.Requested)
            task.Restriction = new FhirTask.RestrictionComponent { Period = new Period { EndElement = new FhirDateTime(due) } };
        if (last.Note is { } note && showPerson) task.Note = [new Annotation { Text = new Markdown(note), TimeElement = new FhirDateTime(last.At) }];
        // Attendance goes back to the referrer only where the person agreed; the provider recorded it anyway.
        if (party == ReferralParty.Provider || r.Consent?.ShareOutcomesWithReferrer == true)
        {
            task.Output.Add(Output("sessions-attended", "Sessions attended", new Integer(r.SessionsAttended)));
            if (r.LastAttendedOn is { } on) task.Output.Add(Output("last-attended-on", "Last attended on", new Date(on.Year, on.Month, on.Day)));
            // Feedback owns each session and each measure: the Task links to where they are read, never copies them.
            var basedOn = $"based-on=ServiceRequest/{r.Id}";
            task.Output.Add(Output("attendance-encounters", "Sessions as Encounters", new FhirUrl($"{outcomesBase.TrimEnd('/')}/Encounter?{basedOn}")));
            task.Output.Add(Output("outcome-observations", "Outcome measures as Observations", new FhirUrl($"{outcomesBase.TrimEnd('/')}/Observation?{basedOn}")));
        }
        return task;
    }

    private static FhirTask.OutputComponent Output(string code, string display, DataType value) => new()
    {
        Type = new CodeableConcept(OutputSystem, code, display), Value = value,
    };

    /// <summary>Where the referral stands within its status: overdue, waitlisted, the service gone, or the status itself.</summary>
    public static CodeableConcept BusinessStatus(Referral r, DateTimeOffset now)
    {
        var (code, display) = r switch
        {
            { ServiceUnavailableNote: not null } when Lifecycle.IsOpen(r.Status) => ("service-unavailable", "The service is no longer available"),
            _ when r.IsOverdue(now) => ("overdue", "The provider has not answered in time"),
            { Status: ReferralStatus.Requested, Waitlisted: true } => ("waitlisted", "Requested onto the service's waiting list"),
            { Status: ReferralStatus.Requested } => ("awaiting-response", "Waiting for the provider to accept or reject"),
            { Status: ReferralStatus.Accepted } => ("awaiting-first-session", "Accepted; the person has not attended yet"),
            { Status: ReferralStatus.InProgress } => ("attending", "The person is taking part"),
            _ => (Lifecycle.Kebab(r.Status), Lifecycle.Kebab(r.Status)),
        };
        return new CodeableConcept(BusinessStatusSystem, code, display, display);
    }

    /// <summary>Why a referral was rejected, failed, cancelled or withdrawn: the reason code, or the free text given.</summary>
    private static CodeableConcept? StatusReason(ReferralStatus status, ReferralTransition last)
    {
        if (last.To != status || last.Reason is not { } reason) return null;
        return status is ReferralStatus.Rejected or ReferralStatus.Failed
            ? new CodeableConcept(StatusReasonSystem, reason, reason, reason)
            : new CodeableConcept { Text = reason };
    }
}
