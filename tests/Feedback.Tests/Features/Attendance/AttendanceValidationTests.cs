using FeedbackService.Features.Attendance;
using FluentValidation.TestHelper;
using Microsoft.Extensions.Time.Testing;

namespace Feedback.Tests.Features.Attendance;

public sealed class AttendanceValidationTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero));
    private static readonly RecordAttendance.Validator Validator = new(Clock);

    [Theory]
    [InlineData("attended")]
    [InlineData("did-not-attend")]
    [InlineData("cancelled")]
    public void Each_attendance_status_is_accepted(string status) =>
        Validator.TestValidate(new RecordAttendance.Command(Guid.NewGuid(), new DateOnly(2026, 11, 20), status)).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData("present")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_statuses_are_refused(string? status) =>
        Validator.TestValidate(new RecordAttendance.Command(Guid.NewGuid(), new DateOnly(2026, 11, 20), status))
            .ShouldHaveValidationErrorFor(c => c.Status);

    [Fact]
    public void A_session_more_than_a_day_ahead_cannot_have_been_attended()
    {
        Validator.TestValidate(new RecordAttendance.Command(Guid.NewGuid(), new DateOnly(2026, 11, 21), "attended")).ShouldNotHaveAnyValidationErrors();
        Validator.TestValidate(new RecordAttendance.Command(Guid.NewGuid(), new DateOnly(2026, 11, 22), "attended"))
            .ShouldHaveValidationErrorFor(c => c.SessionDate);
        Validator.TestValidate(new RecordAttendance.Command(Guid.NewGuid(), null, "attended"))
            .ShouldHaveValidationErrorFor(c => c.SessionDate);
    }
}
