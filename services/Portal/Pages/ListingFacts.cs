using System.Globalization;
using System.Text.Json;
using Portal.Pages.Provider;

namespace Portal.Pages;

/// <summary>
/// A listing's key facts as a person reads them before going: who it is for, what it costs, what the place offers,
/// and where it is on a map. One place for the wording, so the listing page and the search results agree.
/// </summary>
public static class ListingFacts
{
    /// <summary>"Ages 60 and over", "Ages 5 to 11", "Up to age 16"; null when the activity sets no ages.</summary>
    public static string? Ages(int? minimum, int? maximum) => (minimum, maximum) switch
    {
        (null or 0, null) => null,
        ({ } min and > 0, null) => PortalText.Format("Facts.AgesFrom", min),
        (null or 0, { } max) => PortalText.Format("Facts.AgesUpTo", max),
        ({ } min, { } max) when min == max => PortalText.Format("Facts.Age", min),
        ({ } min, { } max) => PortalText.Format("Facts.AgesRange", min, max),
        _ => null,
    };

    /// <summary>"Free", "£3.50 (includes tea and cake)", or the organiser's own words when they already give a price; a listing's cost object or a search result's.</summary>
    public static string Cost(JsonElement? cost)
    {
        if (cost is not { ValueKind: JsonValueKind.Object } c) return Show.Cost(cost);
        var free = c.TryGetProperty("isFree", out var f) && f.ValueKind == JsonValueKind.True;
        var description = c.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        var amount = c.TryGetProperty("amount", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetDecimal() : (decimal?)null;
        if (free) return PortalText.Get("Facts.Free");
        var price = amount is { } pounds and > 0 ? "£" + pounds.ToString("0.00", CultureInfo.InvariantCulture) : null;
        return (price, string.IsNullOrWhiteSpace(description) ? null : description.Trim()) switch
        {
            ({ } p, { } words) when !words.Contains('£', StringComparison.Ordinal) => $"{p} ({words})",
            (_, { } words) => words,
            ({ } p, null) => p,
            _ => PortalText.Get("Facts.AskOrganiser"),
        };
    }

    /// <summary>"Step-free access", "Hearing loop" (in the reader's language); a code the portal does not know reads as words.</summary>
    public static string Accessibility(string code) =>
        (NewListingForm.AccessibilityFeatures.Any(f => f.Code == code) ? PortalText.Get("Accessibility." + code) : null)
        ?? (code.Length == 0 ? code : char.ToUpperInvariant(code[0]) + code[1..].Replace('-', ' '));

    /// <summary>A language an activity runs in, named in the reader's language where the portal knows it ("Polish" is "polski" in Polish); otherwise as the provider wrote it.</summary>
    public static string LanguageName(string name) =>
        PortalText.Resources.GetString("LanguageName." + name.Replace(" ", "", StringComparison.Ordinal), CultureInfo.CurrentUICulture) ?? name;

    /// <summary>The languages an activity runs in, as one line.</summary>
    public static string Languages(IEnumerable<string> names) => string.Join(PortalText.Get("Common.ListSeparator"), names.Select(LanguageName));

    /// <summary>How a person takes part, in their words.</summary>
    public static string AttendingType(string? type) => type switch
    {
        "in-person" => PortalText.Get("Facts.InPerson"),
        "online" => PortalText.Get("Facts.Online"),
        "phone" => PortalText.Get("Facts.ByPhone"),
        _ => Show.Status(type),
    };

    /// <summary>"Drop in, ask to join yourself, or be referred"; null when the listing does not say.</summary>
    public static string? Joining(Portal.Api.ListingAccess? access)
    {
        if (access is null) return null;
        var ways = new List<string>();
        if (access.DropIn) ways.Add(PortalText.Get("Facts.DropIn"));
        if (access.SelfReferral) ways.Add(PortalText.Get("Facts.SelfReferral"));
        if (access.PractitionerReferral) ways.Add(PortalText.Get("Facts.PractitionerReferral"));
        if (ways.Count == 0) return null;
        var text = ways.Count == 1 ? ways[0] : string.Join(", ", ways[..^1]) + PortalText.Get("Common.Or") + ways[^1];
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    /// <summary>
    /// A tel: link for a number as its publisher wrote it ("Bristol Youth MAPS: 0117 332 7111"): its digits (and a
    /// leading +), with the extension after a pause; null when it has no digits to dial.
    /// </summary>
    public static string? TelLink(Portal.Api.ListingPhone phone)
    {
        var text = phone.Number.Trim();
        var digits = new string([.. text.Where(char.IsAsciiDigit)]);
        if (digits.Length == 0) return null;
        var plus = text.SkipWhile(c => !char.IsAsciiDigit(c) && c != '+').FirstOrDefault() == '+' ? "+" : "";
        var extension = phone.Extension is { } ext && ext.Any(char.IsAsciiDigit) ? "," + new string([.. ext.Where(char.IsAsciiDigit)]) : "";
        return $"tel:{plus}{digits}{extension}";
    }

    /// <summary>What a number is besides its digits: extension, kind (when not an ordinary voice line), use and languages.</summary>
    public static string? PhoneNotes(Portal.Api.ListingPhone phone)
    {
        var notes = new List<string>();
        if (!string.IsNullOrWhiteSpace(phone.Extension)) notes.Add(PortalText.Format("Facts.Extension", phone.Extension));
        if (phone.Type is { Length: > 0 } type && type != "voice") notes.Add(type switch
        {
            "text" or "sms" => PortalText.Get("Phone.Text"), "textphone" => PortalText.Get("Phone.Textphone"), "fax" => PortalText.Get("Phone.Fax"),
            "cell" => PortalText.Get("Phone.Mobile"), "video" => PortalText.Get("Phone.Video"),
            _ => type,
        });
        if (!string.IsNullOrWhiteSpace(phone.Description)) notes.Add(phone.Description);
        if (phone.Languages is { Count: > 0 } languages) notes.Add(PortalText.Format("Facts.InLanguages", Languages(languages)));
        return notes.Count == 0 ? null : string.Join("; ", notes);
    }

    /// <summary>An OpenStreetMap page centred on the place, with a marker: a link, so the portal loads no third-party image.</summary>
    public static string MapLink(double latitude, double longitude)
    {
        var lat = latitude.ToString("0.#####", CultureInfo.InvariantCulture);
        var lon = longitude.ToString("0.#####", CultureInfo.InvariantCulture);
        return $"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}";
    }
}
