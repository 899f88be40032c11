using System.Globalization;
using Portal.Pages;

namespace Portal.Tests.Pages;

/// <summary>Times and "today" in UK time (Europe/London), whatever the server's clock or UTC says.</summary>
public sealed class UkTimeTests
{
    private sealed class FixedClock(string utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("2026-12-08T10:00:00+00:00", "next: Tuesday 8 December, 10am")] // GMT: UK time is UTC
    [InlineData("2026-07-07T09:00:00+00:00", "next: Tuesday 7 July, 10am")] // BST: UK time is UTC + 1
    [InlineData("2026-10-24T09:00:00+00:00", "next: Saturday 24 October, 10am")] // the last day of BST
    [InlineData("2026-10-25T10:00:00+00:00", "next: Sunday 25 October, 10am")] // the clocks went back at 2am
    [InlineData("2026-03-29T00:30:00+00:00", "next: Sunday 29 March, 12:30am")] // still GMT
    [InlineData("2026-03-29T01:30:00+00:00", "next: Sunday 29 March, 2:30am")] // the clocks went forward at 1am
    public void A_session_is_shown_in_uk_time_across_the_clock_changes(string instant, string expected) =>
        Assert.Equal(expected, UkTime.Next(DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture),
            new FixedClock("2026-01-01T12:00:00+00:00")));

    [Fact]
    public void Just_after_midnight_in_summer_it_is_already_tomorrow_in_the_uk_though_utc_says_yesterday()
    {
        var clock = new FixedClock("2026-07-06T23:30:00+00:00"); // Monday 23:30 UTC is Tuesday 00:30 BST

        Assert.Equal(new DateOnly(2026, 7, 7), UkTime.Today(clock));
        Assert.Equal("tuesday", UkTime.TodaysDayName(clock));
        Assert.Equal("next: today, 10am", UkTime.Next(DateTimeOffset.Parse("2026-07-07T09:00:00+00:00",
            CultureInfo.InvariantCulture), clock));
    }

    [Fact]
    public void In_winter_midnight_utc_is_midnight_in_the_uk()
    {
        var lateMonday = new FixedClock("2026-12-07T23:59:00+00:00");
        var earlyTuesday = new FixedClock("2026-12-08T00:01:00+00:00");

        Assert.Equal("monday", UkTime.TodaysDayName(lateMonday));
        Assert.Equal("tuesday", UkTime.TodaysDayName(earlyTuesday));
    }

    [Theory]
    [InlineData(2026, 12, 2, "next: today, 6pm")]
    [InlineData(2026, 12, 3, "next: tomorrow, 6pm")]
    [InlineData(2026, 12, 8, "next: Tuesday 8 December, 6pm")]
    [InlineData(2027, 1, 5, "next: Tuesday 5 January 2027, 6pm")]
    public void The_next_session_says_today_tomorrow_or_the_date_with_the_year_only_when_not_this_one(int year, int month, int day, string expected) =>
        Assert.Equal(expected, UkTime.Next(new DateTime(year, month, day, 18, 0, 0), new DateOnly(2026, 12, 2)));

    [Fact]
    public void A_listing_says_its_soonest_next_session_of_all_its_schedules()
    {
        var schedules = System.Text.Json.JsonDocument.Parse("""
            [{"frequency":"weekly","byDay":["friday"],"nextSession":"2026-12-11T14:00:00"},
             {"frequency":"weekly","byDay":["tuesday"],"nextSession":"2026-12-08T10:00:00"},
             {"frequency":"once","date":"2026-11-01"}]
            """).RootElement;

        Assert.Equal("next: Tuesday 8 December, 10am", ScheduleText.Next(schedules, new DateOnly(2026, 12, 2)));
        Assert.Null(ScheduleText.Next(System.Text.Json.JsonDocument.Parse("[]").RootElement, new DateOnly(2026, 12, 2)));
    }

    [Fact]
    public void A_recorded_instant_and_a_day_are_shown_as_uk_clocks_and_calendars_say_them()
    {
        Assert.Equal("8 December 2026", Show.Day(new DateOnly(2026, 12, 8)));
        // 23:30 UTC on 6 July is 00:30 on 7 July in the UK (BST); in winter UK time is UTC.
        Assert.Equal("7 July 2026, 00:30", Show.Date(DateTimeOffset.Parse("2026-07-06T23:30:00+00:00", CultureInfo.InvariantCulture)));
        Assert.Equal("6 December 2026, 23:30", Show.Date(DateTimeOffset.Parse("2026-12-06T23:30:00+00:00", CultureInfo.InvariantCulture)));
        Assert.Equal("", Show.Date(null));
    }
}
