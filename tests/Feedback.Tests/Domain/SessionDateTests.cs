using BuildingBlocks.Web;
using Contracts.Referrals;
using FeedbackService.Domain;

namespace Feedback.Tests.Domain;

/// <summary>Which days attendance may be recorded for: from the day the referral was made to today, on the UK's calendar.</summary>
public sealed class SessionDateTests
{
    private static Referral MadeAt(DateTimeOffset madeAt)
    {
        var referral = new Referral(Guid.NewGuid());
        referral.Apply(new ReferralStatusChanged(referral.Id, Guid.NewGuid(), Guid.NewGuid(), "gp", ReferralStatuses.Draft,
            ReferralStatuses.Requested, null, "gp", true, madeAt));
        referral.Apply(new ReferralStatusChanged(referral.Id, Guid.NewGuid(), Guid.NewGuid(), "gp", ReferralStatuses.Requested,
            ReferralStatuses.Accepted, null, "staff", true, madeAt.AddDays(3)));
        return referral;
    }

    [Fact]
    public void A_session_from_the_day_the_referral_was_made_to_today_is_allowed()
    {
        var referral = MadeAt(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var now = new DateTimeOffset(2026, 12, 5, 16, 0, 0, TimeSpan.Zero);

        referral.EnsureSessionHappened(new DateOnly(2026, 12, 1), now);
        referral.EnsureSessionHappened(new DateOnly(2026, 12, 3), now);
        referral.EnsureSessionHappened(new DateOnly(2026, 12, 5), now);
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("1999-01-01")]
    [InlineData("2026-11-30")]
    [InlineData("2026-12-06")]
    [InlineData("9999-12-31")]
    public void A_session_before_the_referral_or_after_today_is_a_rule_violation_naming_the_session_date(string day)
    {
        var referral = MadeAt(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));

        var refused = Assert.Throws<RuleViolationException>(() =>
            referral.EnsureSessionHappened(DateOnly.Parse(day), new DateTimeOffset(2026, 12, 5, 16, 0, 0, TimeSpan.Zero)));

        Assert.True(refused.Errors.ContainsKey("sessionDate"));
        Assert.Contains(day, refused.Message);
    }

    [Fact]
    public void The_days_are_the_UK_calendars_not_UTCs()
    {
        // 23:30 UTC on 30 June is 00:30 on 1 July in the UK, for the referral made and for "today" alike.
        var referral = MadeAt(new DateTimeOffset(2027, 6, 30, 23, 30, 0, TimeSpan.Zero));
        var now = new DateTimeOffset(2027, 7, 3, 23, 30, 0, TimeSpan.Zero);

        Assert.Throws<RuleViolationException>(() => referral.EnsureSessionHappened(new DateOnly(2027, 6, 30), now));
        referral.EnsureSessionHappened(new DateOnly(2027, 7, 1), now);
        referral.EnsureSessionHappened(new DateOnly(2027, 7, 4), now);
    }

    [Fact]
    public void Until_the_sending_arrives_the_earliest_event_seen_stands_for_when_the_referral_was_made()
    {
        var referral = new Referral(Guid.NewGuid());
        var now = new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
        referral.Apply(new ReferralStatusChanged(referral.Id, Guid.NewGuid(), Guid.NewGuid(), "gp", ReferralStatuses.Requested,
            ReferralStatuses.Accepted, null, "staff", true, new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero)));
        Assert.Throws<RuleViolationException>(() => referral.EnsureSessionHappened(new DateOnly(2026, 12, 2), now));

        // The event that sent it, late: it was made on the 1st.
        referral.Apply(new ReferralStatusChanged(referral.Id, Guid.NewGuid(), Guid.NewGuid(), "gp", ReferralStatuses.Draft,
            ReferralStatuses.Requested, null, "gp", true, new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero)));

        referral.EnsureSessionHappened(new DateOnly(2026, 12, 2), now);
        Assert.Equal(ReferralStatuses.Accepted, referral.Status);
    }
}
