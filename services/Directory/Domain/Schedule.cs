namespace DirectoryService.Domain;

public enum Frequency { Weekly, Monthly, Once }

/// <summary>
/// When an activity runs (ORUK "schedule", iCal-like): weekly on days, monthly on a day of the month or the
/// nth weekday, or once on a date; within optional valid-from/to dates.
/// </summary>
public sealed record Schedule(
    Frequency Frequency, IReadOnlyList<DayOfWeek> ByDay, int? ByMonthDay, int? BySetPosition, DateOnly? Date,
    TimeOnly? OpensAt, TimeOnly? ClosesAt, DateOnly? ValidFrom, DateOnly? ValidTo, string? Description)
{
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
        return Frequency switch
        {
            Frequency.Once => Date == day,
            Frequency.Weekly => ByDay?.Contains(day.DayOfWeek) == true,
            Frequency.Monthly when ByMonthDay is { } monthDay => day.Day == monthDay,
            Frequency.Monthly when BySetPosition is { } position && ByDay is { Count: > 0 } =>
                ByDay.Contains(day.DayOfWeek) && IsNthWeekdayOfMonth(day, position),
            _ => false,
        };
    }

    private static bool IsNthWeekdayOfMonth(DateOnly day, int position)
    {
        if (position > 0) return (day.Day - 1) / 7 + 1 == position;
        var daysInMonth = DateTime.DaysInMonth(day.Year, day.Month);
        return (daysInMonth - day.Day) / 7 + 1 == -position;
    }
}
