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
        if (string.IsNullOrWhiteSpace(Email) && string.IsNullOrWhiteSpace(Phone))
            page.AddError("person.phone", "Enter a phone number or an email address so the group can get in touch");
        if (string.IsNullOrWhiteSpace(Needs)) page.AddError("person.needs", $"Describe what {they} would like help with");
    }

    public PersonDetails ToDetails() => new(GivenName!.Trim(), FamilyName!.Trim(), DateOfBirth, Blank(NhsNumber), Blank(Email),
        Blank(Phone), Blank(Needs));

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <param name="AboutSelf">Worded for the person themselves ("you") rather than for a practitioner ("they").</param>
public sealed record PersonFieldsView(PersonForm Form, PortalPage Page, bool Hidden = false, bool AboutSelf = false);
