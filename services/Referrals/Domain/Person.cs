using System.Globalization;
using System.Text;

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

    private Person() { }

    public Person(string givenName, string familyName, DateOnly dateOfBirth, string? nhsNumber, string? email,
        string? phone, IEnumerable<string> needs, string? notes)
    {
        GivenName = givenName.Trim();
        FamilyName = familyName.Trim();
        DateOfBirth = dateOfBirth;
        NhsNumber = PersonMatch.NormaliseNhsNumber(nhsNumber);
        Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        Phone = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        Needs = needs.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct().ToList();
        Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
    }

    /// <summary>What stays after anonymisation: the birth year (an age band for statistics) and the needs.</summary>
    public static Person Anonymised(Person person) => new()
    {
        GivenName = "(anonymised)",
        FamilyName = "(anonymised)",
        DateOfBirth = new DateOnly(person.DateOfBirth.Year, 1, 1),
        Needs = person.Needs.ToList(),
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

    // The services run with InvariantGlobalization, where string.Normalize cannot decompose accents, so the
    // Latin letters found in UK names are folded by hand.
    private static readonly Dictionary<char, string> Folds = new (string Accented, string Plain)[]
    {
        ("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ďđð", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"), ("ĥħ", "h"),
        ("ìíîïĩīĭįı", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"), ("òóôõöøōŏő", "o"), ("ŕŗř", "r"),
        ("śŝşš", "s"), ("ţťŧ", "t"), ("ùúûüũūŭůűų", "u"), ("ŵẁẃẅ", "w"), ("ýÿŷỳ", "y"), ("źżž", "z"),
        ("æ", "ae"), ("œ", "oe"), ("ß", "ss"), ("þ", "th"),
    }.SelectMany(f => f.Accented.Select(c => (c, f.Plain))).ToDictionary(f => f.c, f => f.Plain);

    private static string Letters(string name)
    {
        var kept = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormC).ToLowerInvariant())
        {
            if (Folds.TryGetValue(c, out var plain)) kept.Append(plain);
            else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            else if (char.IsLetterOrDigit(c)) kept.Append(c);
        }
        return kept.ToString();
    }
}
