using DirectoryService.Domain;
using DirectoryService.Features.Services;
using FluentValidation.TestHelper;

namespace Directory.Tests.Features.Services;

public sealed class ScheduleValidatorTests
{
    private readonly ScheduleValidator _validator = new();

    private static readonly Schedule Fortnightly = new(Frequency.Weekly, [DayOfWeek.Tuesday], null, null, null,
        new TimeOnly(18, 0), new TimeOnly(20, 0), null, null, null, Interval: 2, FirstSession: new DateOnly(2027, 1, 5), TermTimeOnly: true);

    [Fact]
    public void A_fortnightly_time_with_its_first_session_on_the_day_is_valid() =>
        _validator.TestValidate(Fortnightly).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void A_repeat_every_two_weeks_needs_a_first_session_to_count_from() =>
        _validator.TestValidate(Fortnightly with { FirstSession = null }).ShouldHaveValidationErrorFor(s => s.FirstSession);

    [Fact]
    public void The_first_session_must_be_on_one_of_the_days() =>
        _validator.TestValidate(Fortnightly with { FirstSession = new DateOnly(2027, 1, 6) }).ShouldHaveValidationErrorFor(s => s.FirstSession);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(13)]
    public void The_interval_is_one_to_twelve(int interval) =>
        _validator.TestValidate(Fortnightly with { Interval = interval }).ShouldHaveValidationErrorFor(s => s.Interval);

    [Fact]
    public void Dates_outside_2000_to_2100_are_refused()
    {
        var once = new Schedule(Frequency.Once, [], null, null, new DateOnly(1900, 1, 1), null, null, null, null, null);
        _validator.TestValidate(once).ShouldHaveValidationErrorFor(s => s.Date);
        _validator.TestValidate(Fortnightly with { ValidTo = new DateOnly(2101, 1, 1) }).ShouldHaveValidationErrorFor(s => s.ValidTo);
    }

    [Fact]
    public void A_one_off_session_does_not_repeat()
    {
        var once = new Schedule(Frequency.Once, [], null, null, new DateOnly(2027, 1, 1), null, null, null, null, null, Interval: 2);
        _validator.TestValidate(once).ShouldHaveValidationErrorFor(s => s.Interval);
    }
}
