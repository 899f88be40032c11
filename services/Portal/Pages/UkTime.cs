using System.Globalization;

namespace Portal.Pages;

/// <summary>
/// The portal's clock is the UK's: Europe/London, so British Summer Time shifts an hour and a session at 00:30 on a
/// Tuesday in UK time is a Tuesday session, though UTC still says Monday. Every "today" and every time the portal
/// shows goes through here.
/// </summary>
public static class UkTime
{
    private static readonly CultureInfo UkEnglish = CultureInfo.InvariantCulture;

    // A host without the time zone database would show every time an hour out in summer: refuse to start instead.
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(Local(clock.GetUtcNow()));

    /// <summary>The day filter's value for today in the UK ("tuesday").</summary>
    public static string TodaysDayName(TimeProvider clock) => Today(clock).DayOfWeek.ToString().ToLowerInvariant();

    /// <summary>"next: today, 10am", "next: tomorrow, 2:30pm", "next: Tuesday 8 December, 10am" (with the year when not this one).</summary>
    public static string Next(DateTime ukLocal, DateOnly today)
    {
        var day = DateOnly.FromDateTime(ukLocal);
        return day == today ? $"next: today, {ScheduleText.Time(TimeOnly.FromDateTime(ukLocal))}"
            : day == today.AddDays(1) ? $"next: tomorrow, {ScheduleText.Time(TimeOnly.FromDateTime(ukLocal))}"
            : $"next: {Dated(ukLocal, today)}";
    }

    /// <summary>"Tuesday 8 December, 10am" (with the year when not this one): what stays true on paper, where "tomorrow" would not.</summary>
    public static string Dated(DateTime ukLocal, DateOnly today) =>
        ukLocal.ToString(ukLocal.Year == today.Year ? "dddd d MMMM" : "dddd d MMMM yyyy", UkEnglish)
        + ", " + ScheduleText.Time(TimeOnly.FromDateTime(ukLocal));

    /// <summary>An instant (a search result's next session) as the next line in UK time.</summary>
    public static string Next(DateTimeOffset instant, TimeProvider clock) => Next(Local(instant), Today(clock));
}
