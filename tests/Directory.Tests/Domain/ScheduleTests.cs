using DirectoryService.Domain;

namespace Directory.Tests.Domain;

public sealed class ScheduleTests
{
    private static Schedule Weekly(params DayOfWeek[] days) =>
        new(Frequency.Weekly, days, null, null, null, new TimeOnly(10, 0), new TimeOnly(12, 0), null, null, null);

    [Fact]
    public void Weekly_next_session_is_the_next_listed_day()
    {
        // Wednesday 2 December 2026, 09:00.
        var next = Weekly(DayOfWeek.Friday).NextOccurrence(new DateTime(2026, 12, 2, 9, 0, 0));
        Assert.Equal(new DateTime(2026, 12, 4, 10, 0, 0), next);
    }

    [Fact]
    public void A_session_already_running_is_still_the_next_one_until_it_closes()
    {
        var schedule = Weekly(DayOfWeek.Wednesday);
        Assert.Equal(new DateTime(2026, 12, 2, 10, 0, 0), schedule.NextOccurrence(new DateTime(2026, 12, 2, 11, 0, 0)));
        Assert.Equal(new DateTime(2026, 12, 9, 10, 0, 0), schedule.NextOccurrence(new DateTime(2026, 12, 2, 12, 30, 0)));
    }

    [Fact]
    public void Monthly_on_the_second_tuesday()
    {
        var schedule = new Schedule(Frequency.Monthly, [DayOfWeek.Tuesday], null, 2, null, new TimeOnly(14, 0), null, null, null, null);
        // December 2026: Tuesdays are 1, 8, 15, 22, 29.
        Assert.Equal(new DateTime(2026, 12, 8, 14, 0, 0), schedule.NextOccurrence(new DateTime(2026, 12, 1, 0, 0, 0)));
        // After the 8th, the next is January's second Tuesday (12 January 2027).
        Assert.Equal(new DateTime(2027, 1, 12, 14, 0, 0), schedule.NextOccurrence(new DateTime(2026, 12, 9, 0, 0, 0)));
    }

    [Fact]
    public void Monthly_on_the_last_friday()
    {
        var schedule = new Schedule(Frequency.Monthly, [DayOfWeek.Friday], null, -1, null, new TimeOnly(19, 0), null, null, null, null);
        // Fridays in December 2026: 4, 11, 18, 25.
        Assert.Equal(new DateTime(2026, 12, 25, 19, 0, 0), schedule.NextOccurrence(new DateTime(2026, 12, 1, 0, 0, 0)));
    }

    [Fact]
    public void Monthly_on_a_day_of_the_month()
    {
        var schedule = new Schedule(Frequency.Monthly, [], 15, null, null, new TimeOnly(10, 0), null, null, null, null);
        Assert.Equal(new DateTime(2027, 1, 15, 10, 0, 0), schedule.NextOccurrence(new DateTime(2026, 12, 16, 0, 0, 0)));
    }

    [Fact]
    public void Once_on_its_date_and_never_after()
    {
        var schedule = new Schedule(Frequency.Once, [], null, null, new DateOnly(2026, 12, 20), new TimeOnly(11, 0), null, null, null, null);
        Assert.Equal(new DateTime(2026, 12, 20, 11, 0, 0), schedule.NextOccurrence(new DateTime(2026, 12, 1, 0, 0, 0)));
        Assert.Null(schedule.NextOccurrence(new DateTime(2026, 12, 21, 0, 0, 0)));
    }

    [Fact]
    public void Valid_from_and_to_bound_the_sessions()
    {
        var schedule = Weekly(DayOfWeek.Monday) with { ValidFrom = new DateOnly(2026, 12, 14), ValidTo = new DateOnly(2026, 12, 21) };
        Assert.Equal(new DateTime(2026, 12, 14, 10, 0, 0), schedule.NextOccurrence(new DateTime(2026, 12, 1, 0, 0, 0)));
        Assert.Equal(new DateTime(2026, 12, 21, 10, 0, 0), schedule.NextOccurrence(new DateTime(2026, 12, 15, 0, 0, 0)));
        Assert.Null(schedule.NextOccurrence(new DateTime(2026, 12, 22, 0, 0, 0)));
    }

    [Fact]
    public void Fortnightly_runs_every_other_week_counted_from_the_first_session()
    {
        // Tuesdays in December 2026: 1, 8, 15, 22, 29; the first session is on the 8th.
        var schedule = Weekly(DayOfWeek.Tuesday) with { Interval = 2, FirstSession = new DateOnly(2026, 12, 8) };

        Assert.False(schedule.OccursOn(new DateOnly(2026, 12, 1)));
        Assert.True(schedule.OccursOn(new DateOnly(2026, 12, 8)));
        Assert.False(schedule.OccursOn(new DateOnly(2026, 12, 15)));
        Assert.True(schedule.OccursOn(new DateOnly(2026, 12, 22)));
        Assert.True(schedule.OccursOn(new DateOnly(2027, 1, 5)));
        Assert.Equal(new DateTime(2026, 12, 22, 10, 0, 0), schedule.NextOccurrence(new DateTime(2026, 12, 9, 9, 0, 0)));
    }

    [Fact]
    public void Every_other_month_on_the_first_monday_skips_the_months_between()
    {
        var schedule = new Schedule(Frequency.Monthly, [DayOfWeek.Monday], null, 1, null, new TimeOnly(14, 0), null, null, null, null,
            Interval: 2, FirstSession: new DateOnly(2026, 12, 7));

        Assert.True(schedule.OccursOn(new DateOnly(2026, 12, 7)));
        Assert.False(schedule.OccursOn(new DateOnly(2027, 1, 4)));
        Assert.True(schedule.OccursOn(new DateOnly(2027, 2, 1)));
    }

    [Fact]
    public void A_first_session_fits_only_on_a_day_the_schedule_runs_within_its_valid_dates()
    {
        var tuesdays = Weekly(DayOfWeek.Tuesday) with { ValidFrom = new DateOnly(2026, 12, 1), ValidTo = new DateOnly(2027, 3, 31) };

        Assert.True((tuesdays with { FirstSession = new DateOnly(2026, 12, 8) }).FirstSessionFits());
        Assert.False((tuesdays with { FirstSession = new DateOnly(2026, 12, 9) }).FirstSessionFits());
        Assert.False((tuesdays with { FirstSession = new DateOnly(2027, 4, 6) }).FirstSessionFits());
    }

    [Fact]
    public void A_schedule_has_ended_once_its_one_off_date_or_valid_to_date_is_past()
    {
        var today = new DateOnly(2026, 12, 2);
        var once = new Schedule(Frequency.Once, [], null, null, new DateOnly(2026, 12, 1), null, null, null, null, null);

        Assert.True(once.HasEnded(today));
        Assert.False((once with { Date = today }).HasEnded(today));
        Assert.False(Weekly(DayOfWeek.Monday).HasEnded(today));
        Assert.True((Weekly(DayOfWeek.Monday) with { ValidTo = new DateOnly(2026, 11, 30) }).HasEnded(today));
    }
}
