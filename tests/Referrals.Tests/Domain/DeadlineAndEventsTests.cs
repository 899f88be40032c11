using BuildingBlocks.Auth;
using Contracts.Feedback;
using Contracts.Referrals;
using ReferralsService.Domain;

namespace Referrals.Tests.Domain;

public sealed class DeadlineAndEventsTests
{
    private static readonly TimeSpan RemindBefore = TimeSpan.FromDays(3);

    [Fact]
    public void Nothing_is_sent_before_the_reminder_window()
    {
        var referral = Given.Requested();

        referral.CheckDeadline(Given.Start.AddDays(10), RemindBefore);

        Assert.Empty(referral.TakeEvents());
        Assert.False(referral.IsOverdue(Given.Start.AddDays(10)));
    }

    [Fact]
    public void The_provider_is_reminded_once_before_the_deadline()
    {
        var referral = Given.Requested();

        referral.CheckDeadline(Given.Start.AddDays(11), RemindBefore);
        referral.CheckDeadline(Given.Start.AddDays(12), RemindBefore);

        var due = Assert.IsType<ReferralResponseDue>(Assert.Single(referral.TakeEvents()));
        Assert.Equal(Given.Start.AddDays(14), due.DueAt);
    }

    [Fact]
    public void Past_the_deadline_the_referral_is_escalated_once_and_marked_overdue()
    {
        var referral = Given.Requested();
        referral.CheckDeadline(Given.Start.AddDays(11), RemindBefore);
        referral.TakeEvents();

        referral.CheckDeadline(Given.Start.AddDays(15), RemindBefore);
        referral.CheckDeadline(Given.Start.AddDays(16), RemindBefore);

        var escalated = Assert.IsType<ReferralEscalated>(Assert.Single(referral.TakeEvents()));
        Assert.Equal((15, "gp-1"), (escalated.DaysWaiting, escalated.ReferrerId));
        Assert.True(referral.IsOverdue(Given.Start.AddDays(15)));
    }

    [Fact]
    public void An_answered_referral_is_never_escalated()
    {
        var referral = Given.In(ReferralStatus.Accepted);

        referral.CheckDeadline(Given.Start.AddDays(30), RemindBefore);

        Assert.Empty(referral.TakeEvents());
        Assert.False(referral.IsOverdue(Given.Start.AddDays(30)));
    }

    [Theory]
    [InlineData(ReferralStatus.Accepted)]
    [InlineData(ReferralStatus.OnHold)]
    public void The_first_attendance_starts_an_accepted_or_held_referral_as_the_system(ReferralStatus from)
    {
        var referral = Given.In(from);

        referral.RecordAttendance(Attendance(referral, first: true));

        Assert.Equal(ReferralStatus.InProgress, referral.Status);
        Assert.Equal(ReferralParty.System, referral.Timeline[^1].ByRole);
        Assert.Equal(1, referral.SessionsAttended);
        Assert.Equal("in-progress", referral.TakeEvents().OfType<ReferralStatusChanged>().Single().ToStatus);
    }

    [Theory]
    [InlineData(ReferralStatus.Requested)]
    [InlineData(ReferralStatus.InProgress)]
    [InlineData(ReferralStatus.Completed)]
    public void Attendance_in_other_states_is_counted_but_moves_nothing(ReferralStatus from)
    {
        var referral = Given.In(from);

        referral.RecordAttendance(Attendance(referral, first: true));

        Assert.Equal(from, referral.Status);
        Assert.Equal(1, referral.SessionsAttended);
        Assert.Empty(referral.TakeEvents());
    }

    [Fact]
    public void A_suspended_service_flags_open_referrals_and_tells_the_referrer_but_not_closed_ones()
    {
        var open = Given.Requested();
        var closed = Given.In(ReferralStatus.Completed);
        open.TakeEvents();

        open.FlagServiceUnavailable("Closed for refurbishment", "Thursday club", Given.Start);
        closed.FlagServiceUnavailable("Closed for refurbishment", "Thursday club", Given.Start);

        var told = Assert.IsType<ReferralServiceUnavailable>(Assert.Single(open.TakeEvents()));
        Assert.Equal(("gp-1", "Thursday club"), (told.ReferrerId, told.Alternative));
        Assert.Equal("Closed for refurbishment", open.ServiceUnavailableNote);
        Assert.Null(closed.ServiceUnavailableNote);
        Assert.Empty(closed.TakeEvents());
    }

    [Fact]
    public void Anonymising_a_closed_referral_removes_what_identifies_the_person()
    {
        var referral = Given.In(ReferralStatus.Completed);

        referral.Anonymise(Given.Start.AddYears(1));

        Assert.Equal(("(anonymised)", "(anonymised)", null, null, null), (referral.Person.GivenName, referral.Person.FamilyName,
            referral.Person.NhsNumber, referral.Person.Phone, referral.Person.Email));
        Assert.Equal(new DateOnly(1948, 1, 1), referral.Person.DateOfBirth);
        Assert.Equal("", referral.NameKey);
        Assert.Null(referral.Reason);
        Assert.Throws<InvalidOperationException>(() => Given.Requested().Anonymise(Given.Start));
    }

    [Fact]
    public void The_referrer_their_team_and_the_receiving_provider_have_a_side_and_nobody_else()
    {
        var draft = Given.Draft();
        var requested = Given.Requested();

        Assert.Equal(ReferralParty.Referrer, requested.PartyOf(Given.Referrer));
        Assert.Equal(ReferralParty.Referrer, requested.PartyOf(new("gp-2", "Colleague", Roles.Practitioner, null, "cosham-pcn")));
        Assert.Null(requested.PartyOf(new("gp-3", "Elsewhere", Roles.Practitioner, null, "other-pcn")));
        Assert.Equal(ReferralParty.Provider, requested.PartyOf(new("staff", "Staff", Roles.Provider, Given.ProviderOrg, null)));
        Assert.Null(draft.PartyOf(new("staff", "Staff", Roles.Provider, Given.ProviderOrg, null)));
        Assert.Null(requested.PartyOf(new("staff2", "Other org", Roles.Provider, Guid.NewGuid(), null)));
        Assert.Null(requested.PartyOf(new("gp-1", "Same id, other role", Roles.Resident, null, null)));
        Assert.Null(requested.PartyOf(new("curator", "Curator", Roles.Curator, null, "cosham-pcn")));
    }

    private static AttendanceRecorded Attendance(Referral referral, bool first) =>
        new(referral.Id, referral.ServiceId, new DateOnly(2026, 3, 10), "attended", first, 0, "staff", Given.Start.AddDays(8));
}
