using System.Globalization;
using System.Text.Json;
using Portal.Api;

namespace Portal.Pages;

/// <summary>
/// An activity's times as people say them, in UK time: "Tuesdays, 10am to noon", "Every other Tuesday,
/// 6pm to 8pm", "First Monday of the month, 2pm to 4pm", "Saturday 20 December 2025, 11am to 1pm".
/// One place for it, so every page says the same thing the same way. Other languages get the same facts from their
/// own patterns in Resources/PortalText.*.resx ("Co tydzień: wtorek, 10:00–12:00"), on a 24-hour clock
/// (docs/LANGUAGES.md): the portal runs in invariant globalization mode, so no day or month name comes from the host.
/// </summary>
public static class ScheduleText
{

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
            "once" => s.Date is { } date ? UkTime.WeekdayDayMonthYear(date) : PortalText.Get("Schedule.OnceTbc"),
            "monthly" => Monthly(s),
            _ => Weekly(s),
        };
        var parts = new List<string> { when };
        if (Times(s.OpensAt, s.ClosesAt) is { } times) parts.Add(times);
        if (s.TermTimeOnly) parts.Add(PortalText.Get("Schedule.TermTimeOnly"));
        if (s.Frequency != "once" && Validity(s.ValidFrom, s.ValidTo) is { } validity) parts.Add(validity);
        return string.Join(PortalText.Get("Common.ListSeparator"), parts);
    }

    /// <summary>"10am", "10:30am", "noon", "midnight", "2pm" in English; "10:00", "14:30" in the other languages.</summary>
    public static string Time(TimeOnly time) => !Localisation.PortalCultures.IsEnglish
        ? time.ToString("HH:mm", CultureInfo.InvariantCulture)
        : BuildingBlocks.Time.UkTime.Clock(time);

    private static string? Times(TimeOnly? opens, TimeOnly? closes) => (opens, closes) switch
    {
        ({ } from, { } to) => PortalText.Format("Schedule.TimeRange", Time(from), Time(to)),
        ({ } from, null) => PortalText.Format("Schedule.From", Time(from)),
        (null, { } to) => PortalText.Format("Schedule.Until", Time(to)),
        _ => null,
    };

    private static string? Validity(DateOnly? from, DateOnly? to) => (from, to) switch
    {
        ({ } f, { } t) => PortalText.Format("Schedule.DateRange", Day(f), Day(t)),
        ({ } f, null) => PortalText.Format("Schedule.From", Day(f)),
        (null, { } t) => PortalText.Format("Schedule.Until", Day(t)),
        _ => null,
    };

    private static string Weekly(ListingSchedule s)
    {
        var days = Days(s.ByDay);
        return s.Interval switch
        {
            <= 1 when days.Count == 7 => PortalText.Get("Schedule.EveryDay"),
            <= 1 when days.Count == 5 && !days.Contains(DayOfWeek.Saturday) && !days.Contains(DayOfWeek.Sunday) => PortalText.Get("Schedule.Weekdays"),
            <= 1 when days.Count == 0 => PortalText.Get("Schedule.DaysTbc"),
            <= 1 => PortalText.Format("Schedule.Weekly", List(days.Select(d => PortalText.Get("Schedule.WeeklyDay." + d)))),
            2 => PortalText.Format("Schedule.EveryOther", List(days.Select(UkTime.WeekdayName))),
            var n => PortalText.Format("Schedule.EveryNWeeks", n, List(days.Select(UkTime.WeekdayName))),
        };
    }

    private static string Monthly(ListingSchedule s)
    {
        var every = s.Interval switch
        {
            <= 1 => PortalText.Get("Schedule.OfTheMonth"),
            2 => PortalText.Get("Schedule.OfEveryOtherMonth"),
            var n => PortalText.Format("Schedule.OfEveryNMonths", n),
        };
        if (s.ByMonthDay is { } monthDay)
            return PortalText.Format("Schedule.MonthDay", Localisation.PortalCultures.IsEnglish ? Ordinal(monthDay) : monthDay.ToString(CultureInfo.InvariantCulture), every);
        var position = s.BySetPosition switch
        {
            -1 => PortalText.Get("Schedule.Position.Last"),
            -2 => PortalText.Get("Schedule.Position.SecondToLast"),
            { } p and >= 1 and <= 5 => PortalText.Get("Schedule.Position." + p.ToString(CultureInfo.InvariantCulture)),
            _ => "",
        };
        return PortalText.Format("Schedule.MonthlyPosition", position, List(Days(s.ByDay).Select(UkTime.WeekdayName)), every).Trim();
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
            0 => PortalText.Get("Schedule.DaysTbc"),
            1 => list[0],
            _ => string.Join(PortalText.Get("Common.ListSeparator"), list[..^1]) + PortalText.Get("Common.And") + list[^1],
        };
    }

    private static string Ordinal(int n) => n + (n % 100 is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });

    private static string Day(DateOnly day) => UkTime.DayMonthYear(day);
}

/// <summary>A schedule as the Directory returns it (GET /services/{id}, /my/services).</summary>
public sealed record ListingSchedule(string Frequency, IReadOnlyList<string>? ByDay = null, int? ByMonthDay = null,
    int? BySetPosition = null, DateOnly? Date = null, TimeOnly? OpensAt = null, TimeOnly? ClosesAt = null,
    DateOnly? ValidFrom = null, DateOnly? ValidTo = null, int Interval = 1, DateOnly? FirstSession = null,
    bool TermTimeOnly = false, DateTime? NextSession = null);
