using FeedbackService.Domain;

namespace Feedback.Tests.Domain;

public sealed class NotificationRetryTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly RetryPolicy Policy = new(MaxAttempts: 4, BaseDelay: TimeSpan.FromSeconds(2), MaxDelay: TimeSpan.FromSeconds(10));

    private static Notification Email() =>
        new("event|user|referral-accepted|email", "user", Channels.Email, "a@example.org", "referral-accepted", null, "s", "b", At);

    [Fact]
    public void Backoff_doubles_from_the_base_delay_and_is_capped()
    {
        Assert.Equal(
            [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)],
            Enumerable.Range(1, 5).Select(Policy.Backoff).ToArray());
    }

    [Fact]
    public void A_transient_failure_schedules_the_next_attempt_after_the_backoff()
    {
        var notification = Email();

        notification.MarkAttemptFailed("connection refused", permanent: false, At, Policy);
        notification.MarkAttemptFailed("connection refused", permanent: false, At.AddSeconds(2), Policy);

        Assert.Equal(DeliveryStatus.Pending, notification.Status);
        Assert.Equal(2, notification.Attempts);
        Assert.Equal(At.AddSeconds(2 + 4), notification.NextAttemptAt);
    }

    [Fact]
    public void It_fails_for_good_when_out_of_attempts()
    {
        var notification = Email();

        for (var i = 0; i < Policy.MaxAttempts; i++) notification.MarkAttemptFailed("timeout", permanent: false, At, Policy);

        Assert.Equal(DeliveryStatus.Failed, notification.Status);
        Assert.Equal("timeout", notification.LastError);
    }

    [Fact]
    public void A_permanent_failure_is_not_retried()
    {
        var notification = Email();

        notification.MarkAttemptFailed("550 no such mailbox", permanent: true, At, Policy);

        Assert.Equal(DeliveryStatus.Failed, notification.Status);
        Assert.Equal(1, notification.Attempts);
    }
}
