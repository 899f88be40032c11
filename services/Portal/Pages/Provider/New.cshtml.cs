using System.Globalization;
using System.Text.RegularExpressions;
using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Contracts.Directory;
using Portal.Api;

namespace Portal.Pages.Provider;

/// <summary>
/// A provider adds an activity: what it is, where, when, cost, who it is for, accessibility, languages and referrals,
/// on one page of sections that works without JavaScript. The listing and any new place go to the Directory in one
/// request, so a refused form saves nothing; an accepted one waits for a curator ("sent for review").
/// </summary>
[Authorize(Policy = Roles.Provider)]
public sealed partial class NewModel(DirectoryClient directory, TimeProvider clock) : PortalPage
{
    [BindProperty] public NewListingForm Form { get; set; } = new();
    public List<Place> Places { get; private set; } = [];
    public List<Category> Categories { get; private set; } = [];
    /// <summary>False when the Directory could not list the places: a chosen place is then left for it to check.</summary>
    private bool _placesKnown;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Form = NewListingForm.Fresh();
        await LoadChoicesAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // The places first: a chosen place must be one the form offered.
        await LoadChoicesAsync(ct);
        var schedules = new List<(int Row, object Body)>();
        CheckForm(schedules);
        if (HasErrors) return Page();

        var result = await directory.ListServiceAsync(Body(schedules.Select(s => s.Body)), ct);
        if (result.Ok) return RedirectToPage("NewSent", new { name = Form.Name!.Trim() });

        if (result.Outcome == ApiOutcome.Invalid)
        {
            // In the portal's words beside the field, once each; the Directory's own wording is for API clients.
            var rows = schedules.Select(s => s.Row).ToList();
            foreach (var field in result.Problem!.Errors.Keys.Select(f => FormField(f, rows)).Distinct(StringComparer.OrdinalIgnoreCase))
                if (ListingFormMessages.ForRefused(field) is { } message) AddError(field, message);
                else if (ErrorFor("name") is null) AddError("name", "The directory could not save this listing. Check your answers and try again.");
        }
        if (!HasErrors) Check(result, "listing", "name");
        return Page();
    }

    private Guid OrganisationId => Guid.Parse(User.FindFirst(ClaimNames.Organisation)!.Value);

    private void CheckForm(List<(int Row, object Body)> schedules)
    {
        var f = Form;
        if (string.IsNullOrWhiteSpace(f.Name)) AddError("name", "Enter the name of the activity");
        var inPerson = f.AttendingType == "in-person";
        if (inPerson && string.IsNullOrEmpty(f.PlaceId)) AddError("place", ListingFormMessages.Place);
        else if (inPerson && f.PlaceId != NewListingForm.NewPlace && _placesKnown &&
                 !(Guid.TryParse(f.PlaceId, out var placeId) && Places.Any(p => p.Id == placeId)))
            AddError("place", ListingFormMessages.Place);
        if (inPerson && f.PlaceId == NewListingForm.NewPlace)
        {
            if (string.IsNullOrWhiteSpace(f.NewPlaceName)) AddError("newPlaces[0].name", "Enter the name of the new place");
            if (string.IsNullOrWhiteSpace(f.NewPlacePostcode)) AddError("newPlaces[0].postcode", "Enter the postcode of the new place");
        }

        for (var row = 0; row < f.Times.Count; row++)
            if (f.Times[row].Used && Schedule(f.Times[row], row) is { } body) schedules.Add((row, body));
        if (!f.Times.Any(t => t.Used)) AddError("times[0].pattern", "Add at least one time the activity runs");

        if (f.CostType == "paid" && !string.IsNullOrWhiteSpace(f.Amount) && !IsCost(Money(f.Amount)))
            AddError("cost.amount", ListingFormMessages.CostAmount);
        if (f.CostType == "paid" && string.IsNullOrWhiteSpace(f.Amount) && string.IsNullOrWhiteSpace(f.CostDescription))
            AddError("cost.description", "Enter what it costs, or describe the cost");
        Whole(f.MinimumAge, "eligibility.minimumAge", ListingFormMessages.MinimumAge, ListingLimits.MaxAge);
        Whole(f.MaximumAge, "eligibility.maximumAge", ListingFormMessages.MaximumAge, ListingLimits.MaxAge);
        if (Number(f.MinimumAge) is { } youngest && Number(f.MaximumAge) is { } oldest && oldest < youngest && ErrorFor("eligibility.maximumAge") is null)
            AddError("eligibility.maximumAge", ListingFormMessages.AgesOrder);
        Whole(f.Spaces, "spaces", ListingFormMessages.Spaces, ListingLimits.MaxSpaces);
        Whole(f.ResponseDays, "typicalResponseDays", ListingFormMessages.ResponseDays, ListingLimits.MaxResponseDays);

        // The Directory's limits on free text, said here rather than after it refuses the whole form.
        ListingFormMessages.CheckTexts(this,
        [
            ("name", f.Name), ("summary", f.Summary), ("description", f.Description), ("eligibility.description", f.WhoFor),
            ("cost.description", f.CostDescription), ("contact.email", f.Email), ("url", f.Website), ("gettingThere", f.GettingThere),
            ("firstVisit", f.FirstVisit), ("welcomedBy", f.WelcomedBy),
            .. inPerson && f.PlaceId == NewListingForm.NewPlace
                ? [("newPlaces[0].name", f.NewPlaceName), ("newPlaces[0].address1", f.NewPlaceAddress), ("newPlaces[0].city", f.NewPlaceTown)]
                : Array.Empty<(string, string?)>(),
        ]);
        if (f.AllLanguages().Any(l => l.Length > ListingLimits.LanguageLength || !BuildingBlocks.Validation.PlainText.IsPlain(l)))
            AddError("otherLanguages", ListingFormMessages.ForRefused("otherLanguages")!);
    }

    private object? Schedule(TimeRow t, int row)
    {
        var field = $"times[{row}]";
        var weekly = t.Pattern is "weekly" or "fortnightly";
        if (t.Pattern is not ("weekly" or "fortnightly" or "monthly" or "once")) { AddError($"{field}.pattern", "Choose how often it runs"); return null; }
        if (t.Pattern != "once" && !TimeRow.DayNames.Contains(t.Day)) AddError($"{field}.day", "Choose the day it runs on");
        if (t.Pattern == "monthly" && !TimeRow.Weeks.Any(w => w.Value == t.Week)) AddError($"{field}.week", "Choose which week of the month");
        var date = TimeRow.ParseDate(t.Date);
        if (t.Pattern is "once" or "fortnightly" && date is null)
            AddError($"{field}.date", t.Pattern == "once" ? "Enter the date, like 2026-12-20" : "Enter the date of the first session, like 2026-12-01");
        if (t.Pattern == "fortnightly" && date is { } first && TimeRow.DayNames.Contains(t.Day) && first.DayOfWeek.ToString().ToLowerInvariant() != t.Day)
            AddError($"{field}.date", $"The first session must be on a {char.ToUpperInvariant(t.Day![0])}{t.Day[1..]}");
        var opens = TimeRow.ParseTime(t.Start);
        var closes = TimeRow.ParseTime(t.End);
        if (opens is null) AddError($"{field}.start", "Enter the start time, like 10:00");
        if (closes is null) AddError($"{field}.end", "Enter the end time, like 12:00");
        if (opens is not null && closes is not null && closes <= opens) AddError($"{field}.end", "The end time must be after the start time");
        // A one-off date must be to come (the Directory refuses a new listing made of sessions that are over).
        if (t.Pattern == "once" && date is { } day && (day < UkTime.Today(clock) || day.Year > 2100))
            AddError($"{field}.date", ListingFormMessages.ForRefused($"{field}.date")!);
        if (HasErrors) return null;

        string[] days = t.Pattern == "once" ? [] : [t.Day!];
        return new
        {
            frequency = t.Pattern switch { "once" => "once", "monthly" => "monthly", _ => "weekly" },
            byDay = days,
            bySetPosition = t.Pattern == "monthly" ? int.Parse(t.Week!, CultureInfo.InvariantCulture) : (int?)null,
            date = t.Pattern == "once" ? date : null,
            interval = t.Pattern == "fortnightly" ? 2 : 1,
            firstSession = t.Pattern == "fortnightly" || (weekly && date is not null) ? date : null,
            opensAt = opens,
            closesAt = closes,
            termTimeOnly = t.TermTimeOnly,
        };
    }

    private object Body(IEnumerable<object> schedules)
    {
        var f = Form;
        var inPerson = f.AttendingType == "in-person";
        var existingPlace = inPerson && Guid.TryParse(f.PlaceId, out var placeId) ? placeId : (Guid?)null;
        var paid = f.CostType == "paid";
        return new
        {
            organisationId = OrganisationId,
            name = f.Name!.Trim(),
            summary = Blank(f.Summary),
            description = Blank(f.Description),
            url = Blank(f.Website),
            attendingType = f.AttendingType,
            eligibility = new { minimumAge = Number(f.MinimumAge), maximumAge = Number(f.MaximumAge), description = Blank(f.WhoFor) },
            cost = paid
                ? new { isFree = false, amount = Money(f.Amount), currency = "GBP", description = Blank(f.CostDescription) }
                : new { isFree = true, amount = (decimal?)null, currency = "GBP", description = (string?)(Blank(f.CostDescription) ?? "Free") },
            access = new { dropIn = f.DropIn, selfReferral = f.SelfReferral, practitionerReferral = f.PractitionerReferral },
            contact = new { email = Blank(f.Email), phone = Blank(f.Phone) },
            languages = f.AllLanguages().ToArray(),
            taxonomyTerms = string.IsNullOrEmpty(f.Category) ? Array.Empty<string>() : [f.Category],
            schedules = schedules.ToArray(),
            locationIds = existingPlace is { } id ? new[] { id } : [],
            newPlaces = inPerson && f.PlaceId == NewListingForm.NewPlace
                ? new[] { new { name = f.NewPlaceName!.Trim(), address1 = Blank(f.NewPlaceAddress), city = Blank(f.NewPlaceTown),
                    postcode = Blank(f.NewPlacePostcode), accessibility = f.Accessibility.ToArray() } }
                : [],
            acceptingReferrals = f.Accepting,
            spaces = Number(f.Spaces),
            typicalResponseDays = Number(f.ResponseDays),
            gettingThere = Blank(f.GettingThere),
            firstVisit = Blank(f.FirstVisit),
            welcomedBy = Blank(f.WelcomedBy),
        };
    }

    /// <summary>The Directory names fields by its JSON path; the form's own fields for those are named here.</summary>
    private static string FormField(string apiField, List<int> scheduleRows)
    {
        if (ScheduleField().Match(apiField) is { Success: true } m)
        {
            var index = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var row = index < scheduleRows.Count ? scheduleRows[index] : 0;
            var input = m.Groups[2].Value.ToLowerInvariant() switch
            {
                "opensat" => "start",
                "closesat" => "end",
                "byday" or "byday[0]" => "day",
                "bysetposition" => "week",
                "date" or "firstsession" or "validfrom" or "validto" => "date",
                _ => "pattern",
            };
            return $"times[{row}].{input}";
        }
        if (apiField.StartsWith("locationIds", StringComparison.OrdinalIgnoreCase)) return "place";
        if (apiField.StartsWith("newPlaces[0].accessibility", StringComparison.OrdinalIgnoreCase)) return "accessibility";
        if (apiField.StartsWith("taxonomyTerms", StringComparison.OrdinalIgnoreCase)) return "category";
        if (apiField.StartsWith("languages", StringComparison.OrdinalIgnoreCase)) return "otherLanguages";
        return apiField.Length == 0 ? "name" : apiField;
    }

    [GeneratedRegex(@"^schedules\[(\d+)\]\.?(.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex ScheduleField();

    private void Whole(string? text, string field, string message, int max)
    {
        if (string.IsNullOrWhiteSpace(text)) return;
        if (Number(text) is not { } n || n < 0 || n > max) AddError(field, message);
    }

    /// <summary>Pounds and pence within the Directory's range: "5.999" is refused, not saved as 5.999 and shown as £6.00.</summary>
    private static bool IsCost(decimal? amount) =>
        amount is { } m && m >= 0 && m <= ListingLimits.MaxCost && ListingLimits.IsPoundsAndPence(m);

    private static int? Number(string? text) =>
        int.TryParse(text?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static decimal? Money(string? text) =>
        decimal.TryParse(text?.Trim().TrimStart('£'), NumberStyles.Number, CultureInfo.InvariantCulture, out var m) ? m : null;

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private async Task LoadChoicesAsync(CancellationToken ct)
    {
        var places = await directory.PlacesAsync(OrganisationId, ct);
        if (Check(places, "list of places")) Places = [.. places.Value!.OrderBy(p => p.OrganisationId is null).ThenBy(p => p.Name)];
        _placesKnown = places.Ok;
        var categories = await directory.CategoriesAsync(ct);
        if (categories.Ok) Categories = [.. categories.Value!.SelectMany(t => t.Terms).OrderBy(t => t.Name)];
    }
}
