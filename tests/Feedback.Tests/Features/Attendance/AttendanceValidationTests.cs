using FeedbackService.Features.Attendance;
using FluentValidation.TestHelper;

namespace Feedback.Tests.Features.Attendance;

public sealed class AttendanceValidationTests
{
    private static readonly RecordAttendance.Validator Validator = new();

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
    public void A_session_date_is_required_and_which_days_are_possible_is_the_referrals_rule_not_the_validators()
    {
        // Before the referral or after today is a 422 from the domain (SessionDateTests), not a 400 from here.
        Validator.TestValidate(new RecordAttendance.Command(Guid.NewGuid(), new DateOnly(2099, 1, 1), "attended")).ShouldNotHaveAnyValidationErrors();
        Validator.TestValidate(new RecordAttendance.Command(Guid.NewGuid(), null, "attended"))
            .ShouldHaveValidationErrorFor(c => c.SessionDate);
    }
}
