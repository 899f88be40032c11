using System.Globalization;
using BuildingBlocks.Fhir;
using Contracts.Directory;
using DirectoryService.Domain;
using DirectoryService.Features.Locations;
using DirectoryService.Features.Organisations;
using DirectoryService.Features.Services;
using Hl7.Fhir.Model;
using Location = Hl7.Fhir.Model.Location;

namespace DirectoryService.Features.Fhir;

/// <summary>
/// The directory's public listings as FHIR R4 resources (docs/FHIR.md): a listing is a HealthcareService (its id is
/// the listing's id, the one a referral's ServiceRequest.performer names), its organisation an Organization (the
/// referral Task's owner) and its venues Locations. Mapped from the JSON API's own read models, so the same listings
/// are public here as there.
/// </summary>
public static class DirectoryResources
{
    public static readonly string TaxonomySystem = FhirHttp.CodeSystem("directory-taxonomy");
    public static readonly string AcceptingReferralsExtension = FhirHttp.Extension("accepting-referrals");
    public static readonly string SelfReferralExtension = FhirHttp.Extension("accepts-self-referral");
    private const string ProvisionSystem = "http://terminology.hl7.org/CodeSystem/service-provision-conditions";
    private const string ReferralMethodSystem = "http://terminology.hl7.org/CodeSystem/service-referral-method";

    public static HealthcareService HealthcareService(GetService.Result s)
    {
        var service = new HealthcareService
        {
            Id = s.Id.ToString(),
            Meta = new Meta { VersionId = s.Version.ToString(CultureInfo.InvariantCulture), LastUpdated = s.UpdatedAt },
            Active = s.Status == ServiceStatus.Active,
            ProvidedBy = new ResourceReference($"Organization/{s.Organisation.Id}") { Display = s.Organisation.Name },
            Name = s.Name,
            Comment = s.Summary,
            ExtraDetails = s.Description is null ? null : new Markdown(s.Description),
            Type = [.. s.Taxonomy.Select(t => new CodeableConcept(TaxonomySystem, t.Code, t.Name, t.Name))],
            Location = [.. s.Locations.Select(l => new ResourceReference($"Location/{l.Id}") { Display = l.Name })],
            ServiceProvisionCode = [s.Cost.IsFree
                ? new CodeableConcept(ProvisionSystem, "free", "Free")
                : new CodeableConcept(ProvisionSystem, "cost", "Fees apply") { Text = s.Cost.Description }],
            Communication = [.. s.Languages.Select(l => new CodeableConcept { Text = l })],
            AppointmentRequired = !s.Access.DropIn,
        };
        foreach (var phone in s.Contact.AllPhones())
            service.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Work, phone.Number));
        if (s.Contact.Email is { } email) service.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Email, ContactPoint.ContactPointUse.Work, email));
        if (s.Url is { } url) service.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Url, ContactPoint.ContactPointUse.Work, url));
        if (s.Access.PractitionerReferral)
            service.ReferralMethod.Add(new CodeableConcept(ReferralMethodSystem, "elec", "Secure Messaging"));
        if (Eligibility(s.Eligibility) is { } eligibility)
            service.Eligibility.Add(new HealthcareService.EligibilityComponent { Code = new CodeableConcept { Text = eligibility } });
        foreach (var schedule in s.Schedules.Where(x => x.Frequency == Frequency.Weekly && x.ByDay.Count > 0))
            service.AvailableTime.Add(new HealthcareService.AvailableTimeComponent
            {
                DaysOfWeek = [.. schedule.ByDay.Select(Day)],
                AvailableStartTime = schedule.OpensAt?.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                AvailableEndTime = schedule.ClosesAt?.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                AllDay = schedule.OpensAt is null && schedule.ClosesAt is null ? true : null,
            });
        var otherTimes = s.Schedules.Where(x => x.Frequency != Frequency.Weekly || x.ByDay.Count == 0).Select(x => x.Description)
            .Where(d => !string.IsNullOrWhiteSpace(d)).ToList();
        if (otherTimes.Count > 0) service.AvailabilityExceptions = string.Join("; ", otherTimes);
        if (s.Suspension is { } suspension)
            service.NotAvailable.Add(new HealthcareService.NotAvailableComponent
            {
                Description = suspension.Alternative is null ? suspension.Note : $"{suspension.Note} Instead: {suspension.Alternative}",
                During = suspension.Since is { } since ? new Period { StartElement = new FhirDateTime(since) } : null,
            });
        service.SetExtension(AcceptingReferralsExtension, new Code(Kebab(s.Capacity.AcceptingReferrals)));
        service.SetExtension(SelfReferralExtension, new FhirBoolean(s.Access.SelfReferral));
        return service;
    }

    public static Organization Organization(GetOrganisation.Result o)
    {
        var organization = new Organization { Id = o.Id.ToString(), Active = true, Name = o.Name };
        if (o.Phone is { } phone) organization.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Work, phone));
        if (o.Email is { } email) organization.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Email, ContactPoint.ContactPointUse.Work, email));
        if (o.Website is { } web) organization.Telecom.Add(new ContactPoint(ContactPoint.ContactPointSystem.Url, ContactPoint.ContactPointUse.Work, web));
        return organization;
    }

    public static Location Location(SaveLocation.Result l)
    {
        var location = new Location
        {
            Id = l.Id.ToString(),
            Status = Hl7.Fhir.Model.Location.LocationStatus.Active,
            Name = l.Name,
            Mode = Hl7.Fhir.Model.Location.LocationMode.Instance,
            Address = new Address
            {
                Use = Address.AddressUse.Work, Type = Address.AddressType.Physical,
                Line = l.Address1 is null ? [] : [l.Address1], City = l.City, PostalCode = l.Postcode, Country = "GB",
            },
            ManagingOrganization = l.OrganisationId is { } org ? new ResourceReference($"Organization/{org}") : null,
        };
        if (l.Latitude is { } lat && l.Longitude is { } lon)
            location.Position = new Location.PositionComponent { Latitude = (decimal)lat, Longitude = (decimal)lon };
        return location;
    }

    private static string? Eligibility(Eligibility e)
    {
        var ages = (e.MinimumAge, e.MaximumAge) switch
        {
            ({ } min, { } max) => $"Ages {min} to {max}.",
            ({ } min, null) => $"Ages {min} and over.",
            (null, { } max) => $"Ages up to {max}.",
            _ => null,
        };
        var text = string.Join(" ", new[] { ages, e.Description }.Where(t => !string.IsNullOrWhiteSpace(t)));
        return text.Length == 0 ? null : text;
    }

    private static DaysOfWeek? Day(DayOfWeek day) => day switch
    {
        DayOfWeek.Monday => DaysOfWeek.Mon,
        DayOfWeek.Tuesday => DaysOfWeek.Tue,
        DayOfWeek.Wednesday => DaysOfWeek.Wed,
        DayOfWeek.Thursday => DaysOfWeek.Thu,
        DayOfWeek.Friday => DaysOfWeek.Fri,
        DayOfWeek.Saturday => DaysOfWeek.Sat,
        _ => DaysOfWeek.Sun,
    };

    private static string Kebab(ReferralAcceptance value) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());
}
