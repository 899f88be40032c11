using BuildingBlocks.Web;

namespace DirectoryService.Domain;

public enum Frequency { Weekly, Monthly, Once }

/// <summary>
/// When an activity runs (ORUK "schedule", iCal-like): weekly on days, monthly on a day of the month or the
/// nth weekday, or once on a date; within optional valid-from/to dates. <see cref="Interval"/> repeats every n weeks
/// or months (2 weeks is fortnightly), counted from <see cref="FirstSession"/> (iCal dtstart), which an interval
/// needs. <see cref="TermTimeOnly"/> is what providers say ("not in the school holidays"); term dates differ by
/// school and are not modelled, so it is shown, not computed.
/// </summary>
public sealed record Schedule(
    Frequency Frequency, IReadOnlyList<DayOfWeek> ByDay, int? ByMonthDay, int? BySetPosition, DateOnly? Date,
    TimeOnly? OpensAt, TimeOnly? ClosesAt, DateOnly? ValidFrom, DateOnly? ValidTo, string? Description,
    int Interval = 1, DateOnly? FirstSession = null, bool TermTimeOnly = false)
{
    public const int MaxInterval = 12;

    /// <summary>Dates outside these years are typing mistakes, not activities.</summary>
    public static readonly DateOnly EarliestDate = new(2000, 1, 1);
    public static readonly DateOnly LatestDate = new(2100, 12, 31);

    /// <summary>The next start at or after <paramref name="from"/> (local time), within <paramref name="horizonDays"/>.</summary>
    public DateTime? NextOccurrence(DateTime from, int horizonDays = 62)
    {
        var opens = OpensAt ?? TimeOnly.MinValue;
        for (var offset = 0; offset <= horizonDays; offset++)
        {
            var day = DateOnly.FromDateTime(from).AddDays(offset);
            if (!OccursOn(day)) continue;
            var start = day.ToDateTime(opens);
            if (start >= from || (ClosesAt is { } closes && day.ToDateTime(closes) > from)) return start;
        }
        return null;
    }

    public bool OccursOn(DateOnly day)
    {
        if (ValidFrom is { } validFrom && day < validFrom) return false;
        if (ValidTo is { } validTo && day > validTo) return false;
        if (Frequency != Frequency.Once && FirstSession is { } first && day < first) return false;
        return MatchesPattern(day) && InRhythm(day);
    }

    /// <summary>The day fits the days of the week or month, ignoring the interval and the valid dates.</summary>
    public bool MatchesPattern(DateOnly day) => Frequency switch
    {
        Frequency.Once => Date == day,
        Frequency.Weekly => ByDay?.Contains(day.DayOfWeek) == true,
        Frequency.Monthly when ByMonthDay is { } monthDay => day.Day == monthDay,
        Frequency.Monthly when BySetPosition is { } position && ByDay is { Count: > 0 } =>
            ByDay.Contains(day.DayOfWeek) && IsNthWeekdayOfMonth(day, position),
        _ => false,
    };

    /// <summary>
    /// Whether the first session is a real session: on one of the schedule's days and within its valid dates.
    /// A fortnightly rhythm counted from a day it never runs on would put every session in the wrong week.
    /// </summary>
    public bool FirstSessionFits() => FirstSession is not { } first ||
        (MatchesPattern(first) && (ValidFrom is not { } from || first >= from) && (ValidTo is not { } to || first <= to));

    /// <summary>True when no session can happen on or after <paramref name="today"/> (a past one-off, or valid only until before today).</summary>
    public bool HasEnded(DateOnly today) => Frequency == Frequency.Once ? Date < today : ValidTo < today;

    /// <summary>A new listing offers sessions people can still go to: one made only of past dates is refused (422).</summary>
    public static void EnsureNoneEnded(IReadOnlyList<Schedule> schedules, DateOnly today)
    {
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < schedules.Count; i++)
            if (schedules[i].HasEnded(today))
                errors[$"schedules[{i}]"] = [schedules[i].Frequency == Frequency.Once
                    ? "The date of a one-off session must be today or later."
                    : "The times must still be valid today or later: 'Valid To' is in the past."];
        if (errors.Count > 0) throw new RuleViolationException("A new listing cannot be made of sessions that are over.", errors);
    }

    private bool InRhythm(DateOnly day)
    {
        if (Interval <= 1 || Frequency == Frequency.Once || FirstSession is not { } first) return true;
        var apart = Frequency == Frequency.Weekly
            ? WeekNumber(day) - WeekNumber(first)
            : (day.Year - first.Year) * 12 + day.Month - first.Month;
        return apart % Interval == 0;
    }

    /// <summary>Weeks since 0001-01-01, weeks starting on Monday as in the UK.</summary>
    private static int WeekNumber(DateOnly day) => (day.DayNumber - ((int)day.DayOfWeek + 6) % 7) / 7;

    private static bool IsNthWeekdayOfMonth(DateOnly day, int position)
    {
        if (position > 0) return (day.Day - 1) / 7 + 1 == position;
        var daysInMonth = DateTime.DaysInMonth(day.Year, day.Month);
        return (daysInMonth - day.Day) / 7 + 1 == -position;
    }
}
