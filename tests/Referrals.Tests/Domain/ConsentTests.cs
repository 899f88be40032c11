using BuildingBlocks.Web;
using Contracts.Referrals;
using ReferralsService.Domain;

namespace Referrals.Tests.Domain;

public sealed class ConsentTests
{
    [Fact]
    public void A_referral_without_recorded_consent_cannot_leave_draft()
    {
        var referral = Given.Draft();

        var refused = Assert.Throws<RuleViolationException>(() =>
            referral.Request(ReferralParty.Referrer, "gp-1", Given.Start, Given.Window));

        Assert.Contains("consent", refused.Errors.Keys);
        Assert.Equal(ReferralStatus.Draft, referral.Status);
        Assert.Empty(referral.TakeEvents());
    }

    [Fact]
    public void Consent_that_does_not_cover_sharing_with_the_provider_cannot_send_the_referral()
    {
        var referral = Given.Draft();
        referral.RecordConsent(Given.Consent(shareWithProvider: false), ReferralParty.Referrer);

        var refused = Assert.Throws<RuleViolationException>(() =>
            referral.Request(ReferralParty.Referrer, "gp-1", Given.Start, Given.Window));

        Assert.Contains("consent.shareWithProvider", refused.Errors.Keys);
        Assert.Equal(ReferralStatus.Draft, referral.Status);
    }

    [Fact]
    public void Requesting_sets_the_response_deadline_and_announces_each_consented_contact_channel_with_only_its_own_detail()
    {
        var referral = Given.Draft();
        referral.RecordConsent(Given.Consent(sms: true, email: true), ReferralParty.Referrer);

        referral.Request(ReferralParty.Referrer, "gp-1", Given.Start, Given.Window);

        Assert.Equal(Given.Start + Given.Window, referral.ResponseDueAt);
        var contacts = referral.TakeEvents().OfType<ReferralContactConsented>().OrderBy(c => c.Channel).ToList();
        Assert.Equal(["email", "sms"], contacts.Select(c => c.Channel));
        Assert.Equal(("mary@example.org", (string?)null), (contacts[0].Email, contacts[0].Phone));
        Assert.Equal(((string?)null, "07700 900123"), (contacts[1].Email, contacts[1].Phone));
        Assert.All(contacts, c => Assert.Equal("Mary", c.FirstName));
    }

    [Fact]
    public void No_contact_channel_is_announced_without_consent_to_it()
    {
        var referral = Given.Draft();
        referral.RecordConsent(Given.Consent(sms: false, email: false), ReferralParty.Referrer);

        referral.Request(ReferralParty.Referrer, "gp-1", Given.Start, Given.Window);

        Assert.Empty(referral.TakeEvents().OfType<ReferralContactConsented>());
    }

    [Theory]
    [InlineData(true, false, "consent.contactBySms")]
    [InlineData(false, true, "consent.contactByEmail")]
    public void Consent_to_a_contact_channel_needs_the_contact_detail(bool sms, bool email, string field)
    {
        var referral = Given.Draft(Given.Person(phone: null, email: null));

        var refused = Assert.Throws<RuleViolationException>(() =>
            referral.RecordConsent(Given.Consent(sms: sms, email: email), ReferralParty.Referrer));

        Assert.Equal([field], refused.Errors.Keys);
        Assert.Null(referral.Consent);
    }

    [Fact]
    public void Only_the_referrer_side_records_consent()
    {
        var referral = Given.Requested();

        Assert.Throws<ForbiddenException>(() => referral.RecordConsent(Given.Consent(), ReferralParty.Provider));
    }

    [Fact]
    public void Consent_cannot_change_once_the_referral_is_closed()
    {
        var referral = Given.In(ReferralStatus.Completed);

        Assert.Throws<ConflictException>(() => referral.RecordConsent(Given.Consent(sms: true), ReferralParty.Referrer));
    }

    [Fact]
    public void A_contact_channel_consented_after_the_request_is_announced_then()
    {
        var referral = Given.Requested();

        referral.RecordConsent(Given.Consent(email: true), ReferralParty.Referrer);

        Assert.Equal("email", Assert.Single(referral.TakeEvents().OfType<ReferralContactConsented>()).Channel);
    }

    [Fact]
    public void Status_events_carry_whether_outcomes_may_go_back_to_the_referrer()
    {
        var withOutcomes = Given.Draft();
        withOutcomes.RecordConsent(Given.Consent(outcomes: true), ReferralParty.Referrer);
        withOutcomes.Request(ReferralParty.Referrer, "gp-1", Given.Start, Given.Window);
        var without = Given.Draft();
        without.RecordConsent(Given.Consent(outcomes: false), ReferralParty.Referrer);
        without.Request(ReferralParty.Referrer, "gp-1", Given.Start, Given.Window);

        Assert.True(withOutcomes.TakeEvents().OfType<ReferralStatusChanged>().Single().ShareOutcomesWithReferrer);
        Assert.False(without.TakeEvents().OfType<ReferralStatusChanged>().Single().ShareOutcomesWithReferrer);
    }
}
