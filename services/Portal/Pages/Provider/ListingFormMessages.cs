using System.Globalization;
using System.Text.RegularExpressions;
using Contracts.Directory;

namespace Portal.Pages.Provider;

/// <summary>
/// The listing forms' words (add a listing, edit a listing) for what a provider must fix, and for anything the
/// Directory still refuses after the form's own checks: its messages are written for API clients ("'Location Ids'
/// must not be empty.", "'Cost Amount' must be between 0 and 100000."), so each refused field gets the portal's own
/// message instead, beside an input the form has.
/// </summary>
public static partial class ListingFormMessages
{
    public const string Place = "Choose where the activity happens, or add a new place";
    public static readonly string CostAmount =
        $"Enter the cost in pounds and pence, from £0 to £{ListingLimits.MaxCost.ToString("N0", CultureInfo.InvariantCulture)}, like 3.50";
    public static readonly string MinimumAge = $"Enter the youngest age as a whole number from 0 to {ListingLimits.MaxAge}, like 18";
    public static readonly string MaximumAge = $"Enter the oldest age as a whole number from 0 to {ListingLimits.MaxAge}, like 65";
    public const string AgesOrder = "The oldest age must not be below the youngest age";
    public static readonly string Spaces = $"Enter the number of places as a whole number from 0 to {ListingLimits.MaxSpaces.ToString("N0", CultureInfo.InvariantCulture)}, like 12";
    public static readonly string ResponseDays = $"Enter the number of days as a whole number from 0 to {ListingLimits.MaxResponseDays}, like 5";

    /// <summary>The free-text fields both forms have, with their labels and the Directory's limits.</summary>
    public static readonly IReadOnlyDictionary<string, (string Label, int Limit)> TextFields =
        new Dictionary<string, (string, int)>(StringComparer.OrdinalIgnoreCase)
        {
            ["name"] = ("The name of the activity", ListingLimits.NameLength),
            ["summary"] = ("The summary", ListingLimits.SummaryLength),
            ["description"] = ("The description", ListingLimits.DescriptionLength),
            ["eligibility.description"] = ("Who it is for", ListingLimits.WhoForLength),
            ["cost.description"] = ("About the cost", ListingLimits.CostDescriptionLength),
            ["contact.email"] = ("The contact email", ListingLimits.EmailLength),
            ["url"] = ("The website", ListingLimits.UrlLength),
            ["gettingThere"] = ("How to get there", ListingLimits.GettingThereLength),
            ["firstVisit"] = ("What to expect at the first visit", ListingLimits.FirstVisitLength),
            ["welcomedBy"] = ("Who will welcome them", ListingLimits.WelcomedByLength),
            ["newPlaces[0].name"] = ("The name of the new place", 200),
            ["newPlaces[0].address1"] = ("The address line", 200),
            ["newPlaces[0].city"] = ("The town or city", 100),
        };

    /// <summary>The Directory's limits on each of these free-text fields (<see cref="TextFields"/>), said beside the field.</summary>
    public static void CheckTexts(PortalPage page, IEnumerable<(string Field, string? Value)> fields)
    {
        foreach (var (field, value) in fields)
        {
            var (label, limit) = TextFields[field];
            page.CheckText(field, label, value, limit);
        }
    }

    /// <summary>
    /// The portal's message for a field the Directory refused, by the form's field name; null when the form has no
    /// such field (the caller then says it about the whole form).
    /// </summary>
    public static string? ForRefused(string field)
    {
        if (TimeField().Match(field) is { Success: true } time)
        {
            var n = int.Parse(time.Groups[1].Value, CultureInfo.InvariantCulture) + 1;
            return time.Groups[2].Value.ToLowerInvariant() switch
            {
                "date" => $"Enter a date for time {n} from today to the end of 2100, on a day the activity runs, like 2026-12-20",
                "day" => $"Choose the day time {n} runs on",
                "week" => $"Choose which week of the month time {n} runs",
                "start" => $"Enter the start time of time {n}, like 10:00",
                "end" => $"Enter an end time for time {n} after its start time, like 12:00",
                _ => $"Check time {n}: the activity must still run on a day from today on",
            };
        }
        if (TranslationField().Match(field) is { Success: true } translation)
            return translation.Groups[2].Value.Equals("language", StringComparison.OrdinalIgnoreCase)
                ? "Choose a language for the translation"
                : "Check this translation: each field must be no longer than the English one allows, with no control characters";
        if (field.StartsWith("contact.morePhones[", StringComparison.OrdinalIgnoreCase))
            return "Enter the other phone number with its digits, and what it is for in 500 characters or fewer";
        if (TextFields.TryGetValue(field, out var text))
            return field.Equals("contact.email", StringComparison.OrdinalIgnoreCase)
                ? "Enter an email address in the correct format, like name@example.com"
                : field.Equals("url", StringComparison.OrdinalIgnoreCase)
                    ? "Enter the website's full address, like https://www.example.org"
                    : $"{text.Label} must be {text.Limit.ToString("N0", CultureInfo.InvariantCulture)} characters or fewer, with no control characters";
        return field.ToLowerInvariant() switch
        {
            "place" => Place,
            "cost.amount" => CostAmount,
            "eligibility.minimumage" => MinimumAge,
            "eligibility.maximumage" => MaximumAge + ", and not below the youngest",
            "spaces" => Spaces,
            "typicalresponsedays" => ResponseDays,
            "contact.phone" => "Enter a UK phone number, like 023 9249 6101",
            "newplaces[0].postcode" => "Enter the postcode of the new place, like PO6 3AA",
            "category" => "Choose a category from the list",
            "accessibility" => "Choose accessibility features from the list",
            "otherlanguages" => $"Enter other languages separated by commas, each {ListingLimits.LanguageLength} characters or fewer",
            _ => null,
        };
    }

    [GeneratedRegex(@"^times\[(\d+)\]\.(\w+)$", RegexOptions.IgnoreCase)]
    private static partial Regex TimeField();

    [GeneratedRegex(@"^translations\[(\d+)\]\.?(\w*)$", RegexOptions.IgnoreCase)]
    private static partial Regex TranslationField();
}
