using System.Globalization;
using System.Text.Json;
using Portal.Api;

namespace Portal.Pages;

/// <summary>
/// An activity's times in plain UK English, as people say them: "Tuesdays, 10am to noon", "Every other Tuesday,
/// 6pm to 8pm", "First Monday of the month, 2pm to 4pm", "Saturday 20 December 2025, 11am to 1pm".
/// One place for it, so every page says the same thing the same way.
/// </summary>
public static class ScheduleText
{
    // The portal runs in invariant globalization mode: its month and day names are English, as the UK writes them.
    private static readonly CultureInfo UkEnglish = CultureInfo.InvariantCulture;
    private static readonly string[] Positions = ["", "First", "Second", "Third", "Fourth", "Fifth"];

    /// <summary>Each schedule of a listing as the service returned them (null or not an array: none).</summary>
    public static IReadOnlyList<string> Describe(JsonElement? schedules)
    {
        if (schedules is not { ValueKind: JsonValueKind.Array } array) return [];
        return [.. array.EnumerateArray()
            .Select(s => s.Deserialize<ListingSchedule>(ServiceClient.Json))
            .OfType<ListingSchedule>()
            .Select(Describe)];
    }

    /// <summary>The soonest session of all the schedules (the Directory works each out in UK time), as "next: ...".</summary>
    public static string? Next(JsonElement? schedules, DateOnly today) =>
        Soonest(schedules) is { } soonest ? UkTime.Next(soonest, today) : null;

    /// <summary>The soonest session of all the schedules, in UK time; null when none is coming.</summary>
    public static DateTime? Soonest(JsonElement? schedules)
    {
        if (schedules is not { ValueKind: JsonValueKind.Array } array) return null;
        var soonest = array.EnumerateArray()
            .Select(s => s.Deserialize<ListingSchedule>(ServiceClient.Json)?.NextSession)
            .OfType<DateTime>().DefaultIfEmpty().Min();
        return soonest == default ? null : soonest;
    }

    public static string Describe(ListingSchedule s)
    {
        var when = s.Frequency switch
        {
            "once" => s.Date is { } date ? date.ToString("dddd d MMMM yyyy", UkEnglish) : "One-off date to be confirmed",
            "monthly" => Monthly(s),
            _ => Weekly(s),
        };
        var parts = new List<string> { when };
        if (Times(s.OpensAt, s.ClosesAt) is { } times) parts.Add(times);
        if (s.TermTimeOnly) parts.Add("term time only");
        if (s.Frequency != "once" && Validity(s.ValidFrom, s.ValidTo) is { } validity) parts.Add(validity);
        return string.Join(", ", parts);
    }

    /// <summary>"10am", "10:30am", "noon", "midnight", "2pm".</summary>
    public static string Time(TimeOnly time) => time switch
    {
        { Hour: 12, Minute: 0 } => "noon",
        { Hour: 0, Minute: 0 } => "midnight",
        _ => (time.Hour % 12 == 0 ? 12 : time.Hour % 12).ToString(CultureInfo.InvariantCulture)
             + (time.Minute == 0 ? "" : ":" + time.Minute.ToString("00", CultureInfo.InvariantCulture))
             + (time.Hour < 12 ? "am" : "pm"),
    };

    private static string? Times(TimeOnly? opens, TimeOnly? closes) => (opens, closes) switch
    {
        ({ } from, { } to) => $"{Time(from)} to {Time(to)}",
        ({ } from, null) => $"from {Time(from)}",
        (null, { } to) => $"until {Time(to)}",
        _ => null,
    };

    private static string? Validity(DateOnly? from, DateOnly? to) => (from, to) switch
    {
        ({ } f, { } t) => $"{Day(f)} to {Day(t)}",
        ({ } f, null) => $"from {Day(f)}",
        (null, { } t) => $"until {Day(t)}",
        _ => null,
    };

    private static string Weekly(ListingSchedule s)
    {
        var days = Days(s.ByDay);
        return s.Interval switch
        {
            <= 1 when days.Count == 7 => "Every day",
            <= 1 when days.Count == 5 && !days.Contains(DayOfWeek.Saturday) && !days.Contains(DayOfWeek.Sunday) => "Weekdays",
            <= 1 => List(days.Select(d => d + "s")),
            2 => "Every other " + List(days.Select(d => d.ToString())),
            var n => $"Every {n} weeks on " + List(days.Select(d => d.ToString())),
        };
    }

    private static string Monthly(ListingSchedule s)
    {
        var every = s.Interval switch { <= 1 => "of the month", 2 => "of every other month", var n => $"of every {n} months" };
        if (s.ByMonthDay is { } monthDay) return $"{Ordinal(monthDay)} {every}";
        var position = s.BySetPosition switch
        {
            -1 => "Last",
            -2 => "Second to last",
            { } p and >= 1 and <= 5 => Positions[p],
            _ => "",
        };
        return $"{position} {List(Days(s.ByDay).Select(d => d.ToString()))} {every}".Trim();
    }

    // Monday first, as a UK week runs.
    private static List<DayOfWeek> Days(IReadOnlyList<string>? codes) =>
        [.. (codes ?? []).Select(c => Enum.TryParse<DayOfWeek>(c, ignoreCase: true, out var d) ? d : (DayOfWeek?)null)
            .OfType<DayOfWeek>().Distinct().OrderBy(d => ((int)d + 6) % 7)];

    private static string List(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count switch
        {
            0 => "Days to be confirmed",
            1 => list[0],
            _ => string.Join(", ", list[..^1]) + " and " + list[^1],
        };
    }

    private static string Ordinal(int n) => n + (n % 100 is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });

    private static string Day(DateOnly day) => day.ToString("d MMMM yyyy", UkEnglish);
}

/// <summary>A schedule as the Directory returns it (GET /services/{id}, /my/services).</summary>
public sealed record ListingSchedule(string Frequency, IReadOnlyList<string>? ByDay = null, int? ByMonthDay = null,
    int? BySetPosition = null, DateOnly? Date = null, TimeOnly? OpensAt = null, TimeOnly? ClosesAt = null,
    DateOnly? ValidFrom = null, DateOnly? ValidTo = null, int Interval = 1, DateOnly? FirstSession = null,
    bool TermTimeOnly = false, DateTime? NextSession = null);
