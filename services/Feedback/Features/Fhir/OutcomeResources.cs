using BuildingBlocks.Fhir;
using FeedbackService.Domain;
using Hl7.Fhir.Model;

namespace FeedbackService.Features.Fhir;

/// <summary>
/// A referral's attendance and outcome measures as FHIR R4 resources (docs/FHIR.md). Each names the person only by
/// the referral's Patient id (<c>Patient/{referral id}</c>, as the Task does) and the request by its ServiceRequest
/// (<c>basedOn</c>); the Task points at them from its output. Codes: LOINC where a code for the measure exists
/// (the Three-Item Loneliness Scale and its "isolated" item); the hub's own code system for the rest.
/// </summary>
public static class OutcomeResources
{
    public const string Loinc = "http://loinc.org";
    public static readonly string MeasureSystem = FhirHttp.CodeSystem("outcome-measure");
    public static readonly string AttendanceSystem = FhirHttp.CodeSystem("session-attendance");
    public static readonly string StageExtension = FhirHttp.Extension("outcome-stage");
    public const string Ons4Suffix = "-ons4";
    public const string Ucla3Suffix = "-ucla3";

    /// <summary>One recorded session as an Encounter: attended is finished; a no-show or a cancelled session is cancelled, its type saying which.</summary>
    public static Encounter Encounter(AttendanceRecord session, Referral referral)
    {
        var date = new FhirDateTime(session.SessionDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        return new Encounter
        {
            Id = session.Id.ToString(),
            Meta = new Meta { VersionId = "1", LastUpdated = session.RecordedAt },
            Status = session.Status == AttendanceStatus.Attended ? Hl7.Fhir.Model.Encounter.EncounterStatus.Finished : Hl7.Fhir.Model.Encounter.EncounterStatus.Cancelled,
            // A community session: outside a healthcare setting and outside the person's home.
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "FLD", "field"),
            Type = [new CodeableConcept(AttendanceSystem, session.Status, AttendanceDisplay(session.Status), AttendanceDisplay(session.Status))],
            Subject = new ResourceReference($"Patient/{referral.Id}"),
            BasedOn = [new ResourceReference($"ServiceRequest/{referral.Id}")],
            ServiceProvider = new ResourceReference($"Organization/{referral.ProviderOrganisationId}"),
            Period = new Period(date, date),
        };
    }

    private static string AttendanceDisplay(string status) => status switch
    {
        AttendanceStatus.Attended => "Attended the session",
        AttendanceStatus.DidNotAttend => "Did not attend the session",
        _ => "The session was cancelled",
    };

    /// <summary>One completed set of measures: an ONS4 Observation (four item components) and a UCLA-3 one (total and items).</summary>
    public static IEnumerable<Observation> Observations(OutcomeMeasure measure, Referral referral)
    {
        yield return Ons4(measure, referral);
        yield return Ucla3(measure, referral);
    }

    /// <summary>The Observation of this id ("{measure id}-ons4" or "-ucla3"), or null when the id is neither.</summary>
    public static (Guid MeasureId, string Suffix)? ParseObservationId(string id)
    {
        foreach (var suffix in new[] { Ons4Suffix, Ucla3Suffix })
            if (id.EndsWith(suffix, StringComparison.Ordinal) && Guid.TryParse(id[..^suffix.Length], out var measureId))
                return (measureId, suffix);
        return null;
    }

    /// <summary>
    /// ONS4 personal wellbeing: four items each 0-10. No total: anxiety runs the other way and is never summed with
    /// the rest. LOINC has no code for the 0-10 ONS4 (its R-Outcomes panel is a different, 0-3 version), so the hub's own.
    /// </summary>
    private static Observation Ons4(OutcomeMeasure m, Referral referral)
    {
        var observation = Base(m, referral, Ons4Suffix, new CodeableConcept(MeasureSystem, "ons4", "ONS4 personal wellbeing", "ONS4 personal wellbeing"));
        observation.Component =
        [
            Item(MeasureSystem, "ons4-life-satisfaction", "Overall, how satisfied are you with your life nowadays? (0-10)", m.Ons4.LifeSatisfaction),
            Item(MeasureSystem, "ons4-worthwhile", "Overall, to what extent do you feel the things you do in your life are worthwhile? (0-10)", m.Ons4.Worthwhile),
            Item(MeasureSystem, "ons4-happiness", "Overall, how happy did you feel yesterday? (0-10)", m.Ons4.Happiness),
            Item(MeasureSystem, "ons4-anxiety", "Overall, how anxious did you feel yesterday? (0-10, lower is better)", m.Ons4.Anxiety),
        ];
        return observation;
    }

    /// <summary>The Three-Item Loneliness Scale (UCLA-3): the total 3-9 (higher is lonelier) and the three items, 1-3 each.</summary>
    private static Observation Ucla3(OutcomeMeasure m, Referral referral)
    {
        var observation = Base(m, referral, Ucla3Suffix,
            new CodeableConcept(Loinc, "106418-7", "Three-Item Loneliness scale", "UCLA 3-item loneliness scale (total 3-9)"));
        observation.Value = new Integer(m.Loneliness.Total);
        observation.Component =
        [
            Item(MeasureSystem, "ucla3-lack-companionship", "How often do you feel that you lack companionship? (1-3)", m.Loneliness.Companionship),
            Item(MeasureSystem, "ucla3-left-out", "How often do you feel left out? (1-3)", m.Loneliness.LeftOut),
            Item(Loinc, "66867-3", "How often do you feel isolated from others? (1-3)", m.Loneliness.Isolated),
        ];
        return observation;
    }

    private static Observation Base(OutcomeMeasure m, Referral referral, string suffix, CodeableConcept code) => new()
    {
        Id = $"{m.Id}{suffix}",
        Meta = new Meta { VersionId = "1", LastUpdated = m.RecordedAt },
        Extension = [new Extension(StageExtension, new Code(m.Stage))],
        Status = ObservationStatus.Final,
        Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "survey", "Survey")],
        Code = code,
        Subject = new ResourceReference($"Patient/{referral.Id}"),
        BasedOn = [new ResourceReference($"ServiceRequest/{referral.Id}")],
        Effective = new FhirDateTime(m.RecordedAt),
        Issued = m.RecordedAt,
        // Who answered: the person (through their one-time link) or the provider's staff with them.
        Performer = [new ResourceReference(m.EnteredBy == "person" ? $"Patient/{referral.Id}" : $"Organization/{referral.ProviderOrganisationId}")],
    };

    private static Observation.ComponentComponent Item(string system, string code, string display, int score) => new()
    {
        Code = new CodeableConcept(system, code, display, display),
        Value = new Integer(score),
    };
}
