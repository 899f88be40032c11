using BuildingBlocks.Web;
using Contracts.Referrals;
using ReferralsService.Domain;
using static ReferralsService.Domain.ReferralAction;
using static ReferralsService.Domain.ReferralParty;
using static ReferralsService.Domain.ReferralStatus;

namespace Referrals.Tests.Domain;

/// <summary>Every state x every action x every party: the allowed ones move the referral, the rest are refused.</summary>
public sealed class ReferralLifecycleTests
{
    // The lifecycle of DESIGN.md written out by hand, independently of the domain's own table. Additions to the
    // design: the referrer may cancel a draft, the provider may cancel only once it has accepted, and the system cancels
    // any open referral whose person asked for their data to be erased.
    private static readonly (ReferralStatus From, ReferralAction Action, ReferralParty Party, ReferralStatus To)[] Allowed =
    [
        (Draft, Request, Referrer, Requested),
        (Draft, Cancel, Referrer, Cancelled),
        (Requested, Accept, Provider, Accepted),
        (Requested, Reject, Provider, Rejected),
        (Requested, Cancel, Referrer, Cancelled),
        (Accepted, Start, Provider, InProgress),
        (Accepted, Start, ReferralParty.System, InProgress),
        (Accepted, Hold, Provider, OnHold),
        (Accepted, Complete, Provider, Completed),
        (Accepted, Fail, Provider, Failed),
        (Accepted, Cancel, Referrer, Cancelled),
        (Accepted, Cancel, Provider, Cancelled),
        (InProgress, Hold, Provider, OnHold),
        (InProgress, Complete, Provider, Completed),
        (InProgress, Fail, Provider, Failed),
        (InProgress, Cancel, Referrer, Cancelled),
        (InProgress, Cancel, Provider, Cancelled),
        (OnHold, Start, Provider, InProgress),
        (OnHold, Start, ReferralParty.System, InProgress),
        (OnHold, Complete, Provider, Completed),
        (OnHold, Fail, Provider, Failed),
        (OnHold, Cancel, Referrer, Cancelled),
        (OnHold, Cancel, Provider, Cancelled),
        .. new[] { Draft, Requested, Accepted, InProgress, OnHold }.Select(s => (s, Cancel, ReferralParty.System, Cancelled)),
        .. new[] { Draft, Requested, Accepted, Rejected, InProgress, OnHold, Completed, Failed, Cancelled }
            .Select(s => (s, ReferralAction.EnteredInError, Referrer, ReferralStatus.EnteredInError)),
    ];

    public static TheoryData<ReferralStatus, ReferralAction, ReferralParty> AllowedCases()
    {
        var data = new TheoryData<ReferralStatus, ReferralAction, ReferralParty>();
        foreach (var (from, action, party, _) in Allowed) data.Add(from, action, party);
        return data;
    }

    public static TheoryData<ReferralStatus, ReferralAction, ReferralParty> ForbiddenCases()
    {
        var data = new TheoryData<ReferralStatus, ReferralAction, ReferralParty>();
        foreach (var from in Enum.GetValues<ReferralStatus>())
        foreach (var action in Enum.GetValues<ReferralAction>())
        foreach (var party in Enum.GetValues<ReferralParty>())
            if (!Allowed.Any(a => a.From == from && a.Action == action && a.Party == party)) data.Add(from, action, party);
        return data;
    }

    [Fact]
    public void The_matrix_covers_every_state_action_and_party()
    {
        var total = Enum.GetValues<ReferralStatus>().Length * Enum.GetValues<ReferralAction>().Length * Enum.GetValues<ReferralParty>().Length;
        Assert.Equal(total, AllowedCases().Count() + ForbiddenCases().Count());
    }

    [Theory]
    [MemberData(nameof(AllowedCases))]
    public void An_allowed_transition_moves_the_referral_records_it_and_publishes_it(ReferralStatus from, ReferralAction action, ReferralParty party)
    {
        var referral = Given.In(from);
        var at = Given.Start.AddDays(3);
        var expected = Allowed.Single(a => a.From == from && a.Action == action && a.Party == party).To;

        Given.Act(referral, action, party, at);

        Assert.Equal(expected, referral.Status);
        var last = referral.Timeline[^1];
        Assert.Equal((from, expected, party, at), (last.From!.Value, last.To, last.ByRole, last.At));
        var changed = Assert.IsType<ReferralStatusChanged>(referral.TakeEvents().Single(e => e is ReferralStatusChanged));
        Assert.Equal((Lifecycle.Kebab(from), Lifecycle.Kebab(expected), referral.Id), (changed.FromStatus, changed.ToStatus, changed.ReferralId));
        Assert.Equal(Lifecycle.IsOpen(expected) ? null : at, referral.ClosedAt);
    }

    [Theory]
    [MemberData(nameof(ForbiddenCases))]
    public void A_forbidden_transition_is_refused_and_changes_nothing(ReferralStatus from, ReferralAction action, ReferralParty party)
    {
        var referral = Given.In(from);
        var steps = referral.Timeline.Count;

        var refused = Record.Exception(() => Given.Act(referral, action, party, Given.Start.AddDays(3)));

        if (!Allowed.Any(a => a.Action == action && a.Party == party))
            Assert.IsType<ForbiddenException>(refused); // this party never takes this action: 403
        else
        {
            var illegal = Assert.IsType<IllegalTransitionException>(refused); // right party, wrong state: 409
            Assert.Equal(Lifecycle.Kebab(from), illegal.Extensions["currentStatus"]);
            var expectedNext = Allowed.Where(a => a.From == from && a.Party == party).Select(a => Lifecycle.Kebab(a.Action)).Distinct();
            Assert.Equal(expectedNext.Order(), ((string[])illegal.Extensions["allowedTransitions"]!).Order());
        }
        Assert.Equal(from, referral.Status);
        Assert.Equal(steps, referral.Timeline.Count);
        Assert.Empty(referral.TakeEvents());
    }

    [Fact]
    public void Rejection_and_failure_keep_their_reason_code_and_note_in_the_timeline()
    {
        var rejected = Given.Requested();
        rejected.Reject(ReferralParty.Provider, RejectionReason.NoCapacity, "Full until spring", "staff", Given.Start);
        var failed = Given.In(Accepted);
        failed.Fail(ReferralParty.Provider, FailureReason.DidNotAttend, null, "staff", Given.Start);

        Assert.Equal(("no-capacity", "Full until spring"), (rejected.Timeline[^1].Reason, rejected.Timeline[^1].Note));
        Assert.Equal("did-not-attend", failed.Timeline[^1].Reason);
        Assert.Equal("no-capacity", Assert.IsType<ReferralStatusChanged>(rejected.TakeEvents().Last()).Reason);
    }

    [Fact]
    public void Cancelling_needs_a_reason()
    {
        var referral = Given.Requested();

        Assert.Throws<RuleViolationException>(() => referral.Cancel(Referrer, " ", "gp-1", Given.Start));
        Assert.Equal(Requested, referral.Status);
    }

    [Fact]
    public void A_new_draft_starts_its_timeline_with_its_creation()
    {
        var referral = Given.Draft();

        var first = Assert.Single(referral.Timeline);
        Assert.Null(first.From);
        Assert.Equal((Draft, Referrer, "gp-1"), (first.To, first.ByRole, first.By));
    }
}
