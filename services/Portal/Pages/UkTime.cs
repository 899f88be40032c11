using System.Globalization;

namespace Portal.Pages;

/// <summary>
/// The portal's clock is the UK's (BuildingBlocks.Time.UkTime, shared with the services), so British Summer Time
/// shifts an hour and a session at 00:30 on a Tuesday in UK time is a Tuesday session, though UTC still says Monday.
/// Every "today" and every time the portal shows goes through here, in the reader's language.
/// </summary>
public static class UkTime
{
    public static DateTime Local(DateTimeOffset instant) => BuildingBlocks.Time.UkTime.Local(instant);

    public static DateOnly Today(TimeProvider clock) => BuildingBlocks.Time.UkTime.Today(clock);

    /// <summary>The day filter's value for today in the UK ("tuesday").</summary>
    public static string TodaysDayName(TimeProvider clock) => Today(clock).DayOfWeek.ToString().ToLowerInvariant();

    /// <summary>"next: today, 10am", "next: tomorrow, 2:30pm", "next: Tuesday 8 December, 10am" (with the year when not this one).</summary>
    public static string Next(DateTime ukLocal, DateOnly today)
    {
        var day = DateOnly.FromDateTime(ukLocal);
        return day == today ? PortalText.Format("Time.NextToday", ScheduleText.Time(TimeOnly.FromDateTime(ukLocal)))
            : day == today.AddDays(1) ? PortalText.Format("Time.NextTomorrow", ScheduleText.Time(TimeOnly.FromDateTime(ukLocal)))
            : PortalText.Format("Time.Next", Dated(ukLocal, today));
    }

    /// <summary>"Tuesday 8 December, 10am" (with the year when not this one): what stays true on paper, where "tomorrow" would not.</summary>
    public static string Dated(DateTime ukLocal, DateOnly today)
    {
        var day = DateOnly.FromDateTime(ukLocal);
        return PortalText.Format("Date.WithTime", day.Year == today.Year ? WeekdayDayMonth(day) : WeekdayDayMonthYear(day),
            ScheduleText.Time(TimeOnly.FromDateTime(ukLocal)));
    }

    // Day and month names come from the portal's resources in the reader's language (invariant globalization: the
    // host has none), so "Tuesday 8 December 2026" is "wtorek, 8 grudnia 2026" in Polish.

    /// <summary>"Tuesday", "wtorek".</summary>
    public static string WeekdayName(DayOfWeek day) => PortalText.Get("Weekday." + day);

    private static string MonthName(DateOnly day) => PortalText.Get("Month." + day.Month.ToString(CultureInfo.InvariantCulture));

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>"8 December 2026".</summary>
    public static string DayMonthYear(DateOnly day) => PortalText.Format("Date.DayMonthYear", Number(day.Day), MonthName(day), Number(day.Year));

    /// <summary>"Tuesday 8 December".</summary>
    public static string WeekdayDayMonth(DateOnly day) =>
        PortalText.Format("Date.WeekdayDayMonth", WeekdayName(day.DayOfWeek), Number(day.Day), MonthName(day));

    /// <summary>"Tuesday 8 December 2026".</summary>
    public static string WeekdayDayMonthYear(DateOnly day) =>
        PortalText.Format("Date.WeekdayDayMonthYear", WeekdayName(day.DayOfWeek), Number(day.Day), MonthName(day), Number(day.Year));

    /// <summary>An instant (a search result's next session) as the next line in UK time.</summary>
    public static string Next(DateTimeOffset instant, TimeProvider clock) => Next(Local(instant), Today(clock));
}
