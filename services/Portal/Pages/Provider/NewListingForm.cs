using System.Globalization;

namespace Portal.Pages.Provider;

/// <summary>What a provider fills in to add an activity (Pages/Provider/New). Numbers and times arrive as typed, so
/// the page can say what is wrong with them in plain English instead of dropping them.</summary>
public sealed class NewListingForm
{
    public const int TimeRows = 3;

    public string? Name { get; set; }
    public string? Summary { get; set; }
    public string? Description { get; set; }
    public string? Category { get; set; }
    public string AttendingType { get; set; } = "in-person";

    /// <summary>An existing place's id, <see cref="NewPlace"/> for a new one, or empty (online or by phone).</summary>
    public string? PlaceId { get; set; }
    public string? NewPlaceName { get; set; }
    public string? NewPlaceAddress { get; set; }
    public string? NewPlaceTown { get; set; }
    public string? NewPlacePostcode { get; set; }
    public List<string> Accessibility { get; set; } = [];

    public List<TimeRow> Times { get; set; } = [.. Enumerable.Range(0, TimeRows).Select(_ => new TimeRow())];

    public string CostType { get; set; } = "free";
    public string? Amount { get; set; }
    public string? CostDescription { get; set; }

    public string? MinimumAge { get; set; }
    public string? MaximumAge { get; set; }
    public string? WhoFor { get; set; }

    public List<string> Languages { get; set; } = [];
    public string? OtherLanguages { get; set; }

    public bool DropIn { get; set; }
    public bool SelfReferral { get; set; }
    public bool PractitionerReferral { get; set; }
    public string Accepting { get; set; } = "yes";
    public string? Spaces { get; set; }
    public string? ResponseDays { get; set; }

    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Website { get; set; }

    public string? GettingThere { get; set; }
    public string? FirstVisit { get; set; }
    public string? WelcomedBy { get; set; }

    public const string NewPlace = "new";

    /// <summary>What a blank form starts with. Unticked checkboxes send nothing, so these are not the binding defaults.</summary>
    public static NewListingForm Fresh() => new() { Languages = ["English"], SelfReferral = true, PractitionerReferral = true };

    public static readonly (string Code, string Label)[] AccessibilityFeatures =
    [
        ("step-free-access", "Step-free access"), ("wheelchair-accessible", "Wheelchair accessible"),
        ("accessible-toilet", "Accessible toilet"), ("changing-places", "Changing Places toilet"),
        ("hearing-loop", "Hearing loop"), ("parking", "Parking"), ("bus-stop-nearby", "Bus stop nearby"),
    ];

    public static readonly string[] CommonLanguages =
        ["English", "British Sign Language", "Arabic", "Bengali", "Nepali", "Polish", "Ukrainian"];

    public IEnumerable<string> AllLanguages() => Languages
        .Concat((OtherLanguages ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .Distinct(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One time the activity runs. A row with no pattern chosen is left out.</summary>
public sealed class TimeRow
{
    /// <summary>weekly, fortnightly, monthly or once; empty when the row is not used.</summary>
    public string? Pattern { get; set; }
    public string? Day { get; set; }
    /// <summary>Which week of the month for a monthly time: 1 to 4, or -1 for the last.</summary>
    public string? Week { get; set; }
    /// <summary>The date of a one-off session, or of the first session of a fortnightly one.</summary>
    public string? Date { get; set; }
    public string? Start { get; set; }
    public string? End { get; set; }
    public bool TermTimeOnly { get; set; }

    public bool Used => !string.IsNullOrEmpty(Pattern);

    public static readonly (string Value, string Label)[] Patterns =
        [("", "Not used"), ("weekly", "Every week"), ("fortnightly", "Every other week"), ("monthly", "Once a month"), ("once", "One date only")];

    public static readonly (string Value, string Label)[] Weeks =
        [("1", "First"), ("2", "Second"), ("3", "Third"), ("4", "Fourth"), ("-1", "Last")];

    public static readonly string[] DayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    public static TimeOnly? ParseTime(string? text) =>
        TimeOnly.TryParseExact(text?.Trim(), ["H:mm", "HH:mm", "H.mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), ["yyyy-MM-dd", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
