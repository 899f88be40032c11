using System.Globalization;
using System.Text;
using BuildingBlocks.Text;

namespace ReferralsService.Domain;

/// <summary>
/// The minimum the provider needs to reach the person (DESIGN.md "Minimum data"): name, date of birth, a contact
/// route, needs; the NHS number is optional and used only to match duplicates.
/// </summary>
public sealed class Person
{
    public string GivenName { get; private set; } = "";
    public string FamilyName { get; private set; } = "";
    public DateOnly DateOfBirth { get; private set; }
    public string? NhsNumber { get; private set; }
    public string? Email { get; private set; }
    public string? Phone { get; private set; }
    public List<string> Needs { get; private set; } = [];
    public string? Notes { get; private set; }
    /// <summary>How to reach a person with no email or phone (or who prefers another way): by post, a carer, the practice, a home visit.</summary>
    public ContactRoute? ContactRoute { get; private set; }
    /// <summary>What the person needs to get there and take part: transport, company the first time, a hearing loop, an interpreter.</summary>
    public SupportNeeds? SupportNeeds { get; private set; }

    private Person() { }

    public Person(string givenName, string familyName, DateOnly dateOfBirth, string? nhsNumber, string? email,
        string? phone, IEnumerable<string> needs, string? notes, ContactRoute? contactRoute = null, SupportNeeds? supportNeeds = null)
    {
        GivenName = givenName.Trim();
        FamilyName = familyName.Trim();
        DateOfBirth = dateOfBirth;
        NhsNumber = PersonMatch.NormaliseNhsNumber(nhsNumber);
        Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        Phone = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        Needs = needs.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct().ToList();
        Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
        ContactRoute = contactRoute?.Tidied();
        SupportNeeds = supportNeeds?.Tidied() is { IsEmpty: false } support ? support : null;
    }

    /// <summary>
    /// What stays after anonymisation: the birth year (an age band for statistics) and the needs, the support needs
    /// among them; never the contact route (an address, a carer's name and number).
    /// </summary>
    public static Person Anonymised(Person person) => new()
    {
        GivenName = "(anonymised)",
        FamilyName = "(anonymised)",
        DateOfBirth = new DateOnly(person.DateOfBirth.Year, 1, 1),
        Needs = person.Needs.ToList(),
        SupportNeeds = person.SupportNeeds,
    };
}

public enum ContactRouteKind { Post, Carer, Practice, HomeVisit }

/// <summary>
/// How the group reaches a person who is not online or on the phone. By post and by a home visit need the address; through a
/// carer or family member needs their name and the person's agreement to be contacted through them; at the practice needs
/// nothing more (the referrer's practice passes messages on). <paramref name="Notes"/> says anything else ("ring the bell twice").
/// </summary>
public sealed record ContactRoute(ContactRouteKind Kind, string? Address = null, string? CarerName = null,
    string? CarerRelationship = null, string? CarerPhone = null, bool PersonAgreed = false, string? Notes = null)
{
    public const int MaxAddressLength = Contracts.Referrals.ReferralLimits.RouteAddressLength;
    public const int MaxNameLength = Contracts.Referrals.ReferralLimits.CarerNameLength;
    public const int MaxRelationshipLength = Contracts.Referrals.ReferralLimits.CarerRelationshipLength;
    public const int MaxNotesLength = Contracts.Referrals.ReferralLimits.RouteNotesLength;

    public bool NeedsAddress => Kind is ContactRouteKind.Post or ContactRouteKind.HomeVisit;

    /// <summary>Trimmed, blank as not given, and only what the route uses (no carer on a postal route).</summary>
    public ContactRoute Tidied() => new(Kind,
        NeedsAddress ? Text(Address) : null,
        Kind == ContactRouteKind.Carer ? Text(CarerName) : null,
        Kind == ContactRouteKind.Carer ? Text(CarerRelationship) : null,
        Kind == ContactRouteKind.Carer ? Text(CarerPhone) : null,
        Kind == ContactRouteKind.Carer && PersonAgreed,
        Text(Notes));

    private static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.ReplaceLineEndings("\n").Trim();
}

/// <param name="Companion">Someone to go with them the first time.</param>
/// <param name="InterpreterLanguage">The language an interpreter is needed for, where known.</param>
public sealed record SupportNeeds(bool Transport = false, bool Companion = false, bool HearingLoop = false, bool Interpreter = false,
    string? InterpreterLanguage = null)
{
    public const int MaxLanguageLength = Contracts.Referrals.ReferralLimits.InterpreterLanguageLength;

    public bool IsEmpty => !Transport && !Companion && !HearingLoop && !Interpreter;

    public SupportNeeds Tidied() => this with
    {
        InterpreterLanguage = Interpreter && !string.IsNullOrWhiteSpace(InterpreterLanguage) ? InterpreterLanguage.Trim() : null,
    };
}

/// <summary>How two referrals are recognised as the same person: normalised name and date of birth, or NHS number.</summary>
public static class PersonMatch
{
    /// <summary>"  Siân O'Brien-Smith " and "sian obriensmith" give the same key: case, accents, spaces and punctuation ignored.</summary>
    public static string NameKey(string givenName, string familyName, DateOnly dateOfBirth) =>
        $"{Letters(givenName)}|{Letters(familyName)}|{dateOfBirth:yyyy-MM-dd}";

    /// <summary>Digits only ("943 476 5919" -> "9434765919"); null when nothing is left.</summary>
    public static string? NormaliseNhsNumber(string? nhsNumber)
    {
        if (nhsNumber is null) return null;
        var digits = new string(nhsNumber.Where(char.IsAsciiDigit).ToArray());
        return digits.Length == 0 ? null : digits;
    }

    private static string Letters(string name)
    {
        var kept = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormC).ToLowerInvariant())
        {
            if (LatinLetters.Plain(c) is { } plain) kept.Append(plain);
            else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            else if (char.IsLetterOrDigit(c)) kept.Append(c);
        }
        return kept.ToString();
    }
}
