using System.Text.Json;
using Portal.Pages;

namespace Portal.Tests.Pages;

/// <summary>Times as people say them in the UK, from the Directory's schedule JSON.</summary>
public sealed class ScheduleTextTests
{
    [Theory]
    [InlineData("""{"frequency":"weekly","byDay":["tuesday"],"opensAt":"10:00:00","closesAt":"12:00:00"}""", "Tuesdays, 10am to noon")]
    [InlineData("""{"frequency":"monthly","byDay":["monday"],"bySetPosition":1,"opensAt":"14:00:00","closesAt":"16:00:00"}""", "First Monday of the month, 2pm to 4pm")]
    [InlineData("""{"frequency":"monthly","byDay":["friday"],"bySetPosition":-1,"opensAt":"19:30:00","closesAt":"21:00:00"}""", "Last Friday of the month, 7:30pm to 9pm")]
    [InlineData("""{"frequency":"monthly","byMonthDay":15,"opensAt":"10:00:00"}""", "15th of the month, from 10am")]
    [InlineData("""{"frequency":"weekly","interval":2,"firstSession":"2027-01-05","byDay":["tuesday"],"opensAt":"18:00:00","closesAt":"20:00:00","termTimeOnly":true}""", "Every other Tuesday, 6pm to 8pm, term time only")]
    [InlineData("""{"frequency":"weekly","interval":3,"firstSession":"2027-01-05","byDay":["tuesday"]}""", "Every 3 weeks on Tuesday")]
    [InlineData("""{"frequency":"monthly","interval":2,"byDay":["wednesday"],"bySetPosition":2,"opensAt":"00:00:00","closesAt":"12:30:00"}""", "Second Wednesday of every other month, midnight to 12:30pm")]
    [InlineData("""{"frequency":"weekly","byDay":["thursday","monday"],"opensAt":"09:15:00","closesAt":"11:00:00"}""", "Mondays and Thursdays, 9:15am to 11am")]
    [InlineData("""{"frequency":"weekly","byDay":["friday","monday","wednesday"]}""", "Mondays, Wednesdays and Fridays")]
    [InlineData("""{"frequency":"weekly","byDay":["monday","tuesday","wednesday","thursday","friday"],"opensAt":"09:00:00","closesAt":"17:00:00"}""", "Weekdays, 9am to 5pm")]
    [InlineData("""{"frequency":"weekly","byDay":["saturday"],"closesAt":"13:00:00","validFrom":"2027-04-01","validTo":"2027-09-30"}""", "Saturdays, until 1pm, 1 April 2027 to 30 September 2027")]
    [InlineData("""{"frequency":"once","date":"2026-12-19","opensAt":"11:00:00","closesAt":"13:00:00"}""", "Saturday 19 December 2026, 11am to 1pm")]
    public void Says_the_time_as_people_do(string schedule, string expected)
    {
        var text = Assert.Single(ScheduleText.Describe(JsonDocument.Parse($"[{schedule}]").RootElement));
        Assert.Equal(expected, text);
    }

    [Theory]
    [InlineData(12, 0, "noon")]
    [InlineData(0, 0, "midnight")]
    [InlineData(10, 0, "10am")]
    [InlineData(10, 5, "10:05am")]
    [InlineData(12, 30, "12:30pm")]
    [InlineData(23, 45, "11:45pm")]
    public void Clock_times_use_am_and_pm(int hour, int minute, string expected) =>
        Assert.Equal(expected, ScheduleText.Time(new TimeOnly(hour, minute)));

    [Fact]
    public void No_schedules_is_nothing_to_say()
    {
        Assert.Empty(ScheduleText.Describe((JsonElement?)null));
        Assert.Empty(ScheduleText.Describe(JsonDocument.Parse("null").RootElement));
    }
}
