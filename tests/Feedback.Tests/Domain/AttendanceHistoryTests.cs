using FeedbackService.Domain;

namespace Feedback.Tests.Domain;

public sealed class AttendanceHistoryTests
{
    private static readonly Guid ReferralId = Guid.NewGuid();
    private static readonly DateTimeOffset At = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);

    private static AttendanceRecord Session(int day, string status) =>
        new(ReferralId, new DateOnly(2026, 10, day), status, "staff", At);

    [Fact]
    public void The_first_attended_session_is_the_first_attendance_and_a_later_one_is_not()
    {
        var only = Session(8, AttendanceStatus.Attended);
        Assert.True(new AttendanceHistory([Session(1, AttendanceStatus.DidNotAttend), only]).IsFirstAttendance(only));

        var second = Session(15, AttendanceStatus.Attended);
        Assert.False(new AttendanceHistory([only, second]).IsFirstAttendance(second));
    }

    [Fact]
    public void A_no_show_is_never_a_first_attendance()
    {
        var missed = Session(1, AttendanceStatus.DidNotAttend);
        Assert.False(new AttendanceHistory([missed]).IsFirstAttendance(missed));
    }

    [Fact]
    public void Consecutive_no_shows_count_back_from_the_latest_session_to_the_last_attended_one()
    {
        var history = new AttendanceHistory([
            Session(1, AttendanceStatus.DidNotAttend),
            Session(8, AttendanceStatus.Attended),
            Session(15, AttendanceStatus.DidNotAttend),
            Session(22, AttendanceStatus.DidNotAttend),
        ]);

        Assert.Equal(2, history.ConsecutiveNoShows);
        Assert.Equal(new DateOnly(2026, 10, 8), history.LastAttended);
        Assert.Equal((1, 3, 0), (history.Attended, history.DidNotAttend, history.Cancelled));
    }

    [Fact]
    public void A_cancelled_session_neither_counts_as_a_no_show_nor_breaks_the_run()
    {
        var history = new AttendanceHistory([
            Session(1, AttendanceStatus.DidNotAttend),
            Session(8, AttendanceStatus.Cancelled),
            Session(15, AttendanceStatus.DidNotAttend),
        ]);

        Assert.Equal(2, history.ConsecutiveNoShows);
    }

    [Fact]
    public void Sessions_recorded_out_of_order_are_counted_by_session_date()
    {
        var history = new AttendanceHistory([
            Session(22, AttendanceStatus.DidNotAttend),
            Session(15, AttendanceStatus.Attended),
            Session(8, AttendanceStatus.DidNotAttend),
        ]);

        Assert.Equal(1, history.ConsecutiveNoShows);
    }

    [Fact]
    public void The_provider_is_prompted_once_when_the_run_reaches_the_threshold()
    {
        var first = Session(1, AttendanceStatus.DidNotAttend);
        var second = Session(8, AttendanceStatus.DidNotAttend);
        var third = Session(15, AttendanceStatus.DidNotAttend);

        Assert.False(new AttendanceHistory([first]).ShouldPromptAboutNoShows(first, threshold: 2));
        Assert.True(new AttendanceHistory([first, second]).ShouldPromptAboutNoShows(second, threshold: 2));
        Assert.False(new AttendanceHistory([first, second, third]).ShouldPromptAboutNoShows(third, threshold: 2));
    }
}
