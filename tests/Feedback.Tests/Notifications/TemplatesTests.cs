using FeedbackService.Notifications;

namespace Feedback.Tests.Notifications;

public sealed class TemplatesTests
{
    [Fact]
    public void A_first_session_reminder_in_summer_gives_the_time_on_the_UK_clock_not_UTC()
    {
        // 09:00 UTC on Tuesday 6 July 2027 is 10am British Summer Time.
        var reminder = Templates.ReminderForPerson(Guid.NewGuid(), "Ada", "Cosham Walking Group", new DateTimeOffset(2027, 7, 6, 9, 0, 0, TimeSpan.Zero));

        Assert.Equal("See you at Cosham Walking Group on Tuesday 6 July", reminder.Subject);
        Assert.Contains("your first session at Cosham Walking Group is on Tuesday 6 July at 10am.", reminder.Body);
    }

    [Fact]
    public void A_reply_date_just_after_midnight_in_summer_is_the_UK_day_not_the_UTC_one()
    {
        // 23:30 UTC on 30 June is 00:30 on 1 July in the UK.
        var due = Templates.ResponseDueForProvider(Guid.NewGuid(), "Lunch club", new DateTimeOffset(2027, 6, 30, 23, 30, 0, TimeSpan.Zero));

        Assert.Contains("by 1 July 2027", due.Body);
    }
}
