using BuildingBlocks.Time;

namespace BuildingBlocks.Tests.Time;

public sealed class UkTimeTests
{
    [Theory]
    [InlineData("2027-07-06T09:00:00Z", "2027-07-06T10:00:00")] // BST: an hour ahead of UTC
    [InlineData("2026-12-08T10:00:00Z", "2026-12-08T10:00:00")] // GMT
    [InlineData("2027-03-28T01:30:00Z", "2027-03-28T02:30:00")] // the clocks have just gone forward
    public void An_instant_is_read_on_the_UK_clock(string instant, string ukLocal) =>
        Assert.Equal(DateTime.Parse(ukLocal, System.Globalization.CultureInfo.InvariantCulture), UkTime.Local(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_UK_wall_clock_time_in_summer_is_the_instant_an_hour_earlier_in_UTC()
    {
        var instant = UkTime.Instant(new DateTime(2027, 7, 6, 10, 0, 0));

        Assert.Equal(new DateTimeOffset(2027, 7, 6, 9, 0, 0, TimeSpan.Zero), instant.ToUniversalTime());
    }

    [Theory]
    [InlineData(10, 0, "10am")]
    [InlineData(14, 30, "2:30pm")]
    [InlineData(12, 0, "noon")]
    [InlineData(0, 0, "midnight")]
    [InlineData(0, 15, "12:15am")]
    public void A_time_is_written_as_people_in_the_UK_write_it(int hour, int minute, string written) =>
        Assert.Equal(written, UkTime.Clock(new TimeOnly(hour, minute)));

    [Fact]
    public void An_instant_on_record_is_written_on_the_UK_clock_with_its_year()
    {
        Assert.Equal("6 July 2027, 10am", UkTime.Describe(new DateTimeOffset(2027, 7, 6, 9, 0, 0, TimeSpan.Zero)));
    }
}
