using Contracts.Referrals;
using Portal.Api;

namespace Portal.Pages.Referrals;

/// <summary>The person being referred, as the form posts it. Names follow the API's JSON ("person.givenName").</summary>
public sealed class PersonForm
{
    public string? GivenName { get; set; }
    public string? FamilyName { get; set; }
    public int? BirthDay { get; set; }
    public int? BirthMonth { get; set; }
    public int? BirthYear { get; set; }
    public string? NhsNumber { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Needs { get; set; }

    /// <summary>An assisted referral's other way to reach them: "", post, carer, practice or home-visit.</summary>
    public string? ContactRoute { get; set; }
    public string? RouteAddress { get; set; }
    public string? CarerName { get; set; }
    public string? CarerRelationship { get; set; }
    public string? CarerPhone { get; set; }
    public bool CarerAgreed { get; set; }
    public string? RouteNotes { get; set; }

    public bool NeedTransport { get; set; }
    public bool NeedCompanion { get; set; }
    public bool NeedHearingLoop { get; set; }
    public bool NeedInterpreter { get; set; }
    public string? InterpreterLanguage { get; set; }

    public static readonly (string Value, string Label)[] Routes =
    [
        ("", "By their phone or email above"), ("post", "By post"), ("carer", "Through a carer or family member"),
        ("practice", "At the practice: we pass messages on"), ("home-visit", "By a home visit"),
    ];

    private bool HasRoute => Routes.Any(r => r.Value.Length > 0 && r.Value == ContactRoute);

    /// <summary>The contact route gives an address (by post, a home visit): the person may then agree to letters.</summary>
    public bool HasPostalAddress => ContactRoute is "post" or "home-visit" && !string.IsNullOrWhiteSpace(RouteAddress);

    public DateOnly? DateOfBirth =>
        BirthYear is { } y && BirthMonth is { } m && BirthDay is { } d && y > 1900 && m is >= 1 and <= 12 && d >= 1 &&
        d <= DateTime.DaysInMonth(y, m) ? new DateOnly(y, m, d) : null;

    /// <summary>The checks a person should hear about before the form goes anywhere; the service checks again.</summary>
    /// <param name="aboutSelf">The person fills it in about themselves (a resident asking to join), not a practitioner about them.</param>
    public void Validate(PortalPage page, bool aboutSelf = false)
    {
        var (their, they) = aboutSelf ? ("your", "you") : ("their", "they");
        if (string.IsNullOrWhiteSpace(GivenName)) page.AddError("person.givenName", $"Enter {their} first name");
        if (string.IsNullOrWhiteSpace(FamilyName)) page.AddError("person.familyName", $"Enter {their} last name");
        if (DateOfBirth is null) page.AddError("person.dateOfBirth", $"Enter {their} date of birth, for example 31 3 1980");
        if (string.IsNullOrWhiteSpace(Email) && string.IsNullOrWhiteSpace(Phone) && (aboutSelf || !HasRoute))
            page.AddError("person.phone", aboutSelf
                ? "Enter a phone number or an email address so the group can get in touch"
                : "Enter a phone number or an email address, or choose another way the group can reach them");
        if (!aboutSelf && ContactRoute is "post" or "home-visit" && string.IsNullOrWhiteSpace(RouteAddress))
            page.AddError("person.contactRoute.address", ContactRoute == "post" ? "Enter the address to write to" : "Enter the address to visit");
        if (!aboutSelf && ContactRoute == "carer")
        {
            if (string.IsNullOrWhiteSpace(CarerName)) page.AddError("person.contactRoute.carerName", "Enter the name of the carer or family member");
            if (!CarerAgreed)
                page.AddError("person.contactRoute.personAgreed", "The group can only contact them through this person if they agreed to it");
        }
        if (string.IsNullOrWhiteSpace(Needs)) page.AddError("person.needs", $"Describe what {they} would like help with");

        // The Referrals API's limits, checked here so the person hears of them beside the field they typed, on this step.
        page.CheckText("person.givenName", "First name", GivenName, ReferralLimits.NameLength);
        page.CheckText("person.familyName", "Last name", FamilyName, ReferralLimits.NameLength);
        page.CheckText("person.phone", "Phone number", Phone, ReferralLimits.PhoneLength);
        page.CheckText("person.email", "Email address", Email, ReferralLimits.EmailLength);
        page.CheckText("person.needs", $"What {they} would like help with", Needs, ReferralLimits.NeedLength);
        if (aboutSelf) return; // a resident's form has no contact route or support needs
        if (HasRoute)
        {
            page.CheckText("person.contactRoute.address", "The address", RouteAddress, ReferralLimits.RouteAddressLength);
            page.CheckText("person.contactRoute.carerName", "The carer's name", CarerName, ReferralLimits.CarerNameLength);
            page.CheckText("person.contactRoute.carerRelationship", "Their relationship", CarerRelationship, ReferralLimits.CarerRelationshipLength);
            page.CheckText("person.contactRoute.carerPhone", "The carer's phone number", CarerPhone, ReferralLimits.PhoneLength);
            page.CheckText("person.contactRoute.notes", "Anything else about reaching them", RouteNotes, ReferralLimits.RouteNotesLength);
        }
        page.CheckText("person.supportNeeds.interpreterLanguage", "The interpreter's language", InterpreterLanguage, ReferralLimits.InterpreterLanguageLength);
    }

    public PersonDetails ToDetails() => new(GivenName!.Trim(), FamilyName!.Trim(), DateOfBirth, Blank(NhsNumber), Blank(Email),
        Blank(Phone), Blank(Needs),
        HasRoute ? new ContactRouteBody(ContactRoute!, Blank(RouteAddress), Blank(CarerName), Blank(CarerRelationship), Blank(CarerPhone),
            CarerAgreed, Blank(RouteNotes)) : null,
        NeedTransport || NeedCompanion || NeedHearingLoop || NeedInterpreter
            ? new SupportNeedsBody(NeedTransport, NeedCompanion, NeedHearingLoop, NeedInterpreter, Blank(InterpreterLanguage)) : null);

    /// <summary>The hidden inputs that carry the form from the details step to the consent step.</summary>
    public IEnumerable<(string Name, object? Value)> Carried() =>
    [
        ("Person.GivenName", GivenName), ("Person.FamilyName", FamilyName), ("Person.BirthDay", BirthDay), ("Person.BirthMonth", BirthMonth),
        ("Person.BirthYear", BirthYear), ("Person.NhsNumber", NhsNumber), ("Person.Email", Email), ("Person.Phone", Phone), ("Person.Needs", Needs),
        ("Person.ContactRoute", ContactRoute), ("Person.RouteAddress", RouteAddress), ("Person.CarerName", CarerName),
        ("Person.CarerRelationship", CarerRelationship), ("Person.CarerPhone", CarerPhone), ("Person.CarerAgreed", CarerAgreed ? "true" : null),
        ("Person.RouteNotes", RouteNotes), ("Person.NeedTransport", NeedTransport ? "true" : null), ("Person.NeedCompanion", NeedCompanion ? "true" : null),
        ("Person.NeedHearingLoop", NeedHearingLoop ? "true" : null), ("Person.NeedInterpreter", NeedInterpreter ? "true" : null),
        ("Person.InterpreterLanguage", InterpreterLanguage),
    ];

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <param name="AboutSelf">Worded for the person themselves ("you") rather than for a practitioner ("they").</param>
public sealed record PersonFieldsView(PersonForm Form, PortalPage Page, bool Hidden = false, bool AboutSelf = false);
