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
    public void Requesting_sets_the_response_deadline_and_announces_the_consent_with_only_the_consented_channels_details()
    {
        var referral = Given.Draft();
        referral.RecordConsent(Given.Consent(sms: true, email: true), ReferralParty.Referrer);

        referral.Request(ReferralParty.Referrer, "gp-1", Given.Start, Given.Window);

        Assert.Equal(Given.Start + Given.Window, referral.ResponseDueAt);
        var consent = Assert.Single(referral.TakeEvents().OfType<ReferralConsentChanged>());
        Assert.Equal((true, true, true, true), (consent.ShareWithProvider, consent.ShareOutcomesWithReferrer, consent.ContactBySms, consent.ContactByEmail));
        Assert.Equal(("Mary", "mary@example.org", "07700 900123"), (consent.FirstName, consent.Email, consent.Phone));
    }

    [Fact]
    public void No_contact_detail_is_announced_without_consent_to_its_channel()
    {
        var referral = Given.Draft();
        referral.RecordConsent(Given.Consent(sms: true, email: false), ReferralParty.Referrer);

        referral.Request(ReferralParty.Referrer, "gp-1", Given.Start, Given.Window);

        var consent = Assert.Single(referral.TakeEvents().OfType<ReferralConsentChanged>());
        Assert.Null(consent.Email);
        Assert.Equal("07700 900123", consent.Phone);
    }

    [Fact]
    public void Nothing_about_the_person_is_announced_when_no_contact_is_consented()
    {
        var referral = Given.Draft();
        referral.RecordConsent(Given.Consent(sms: false, email: false), ReferralParty.Referrer);

        referral.Request(ReferralParty.Referrer, "gp-1", Given.Start, Given.Window);

        var consent = Assert.Single(referral.TakeEvents().OfType<ReferralConsentChanged>());
        Assert.Equal(((string?)null, (string?)null, (string?)null), (consent.FirstName, consent.Email, consent.Phone));
    }

    [Fact]
    public void Consent_recorded_on_a_draft_is_not_announced_until_the_referral_is_sent()
    {
        var referral = Given.Draft();

        referral.RecordConsent(Given.Consent(sms: true), ReferralParty.Referrer);

        Assert.Empty(referral.TakeEvents());
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
    public void Consent_cannot_be_widened_once_the_referral_is_closed()
    {
        var referral = Given.In(ReferralStatus.Completed);

        Assert.Throws<ConflictException>(() => referral.RecordConsent(Given.Consent(sms: true), ReferralParty.Referrer));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public void Consent_can_be_withdrawn_in_whole_or_in_part_after_the_referral_is_closed(bool shareWithProvider, bool outcomes)
    {
        var referral = Given.In(ReferralStatus.Completed);
        referral.TakeEvents();

        referral.RecordConsent(Given.Consent(shareWithProvider: shareWithProvider, outcomes: outcomes), ReferralParty.Referrer);

        var consent = Assert.Single(referral.TakeEvents().OfType<ReferralConsentChanged>());
        Assert.Equal((shareWithProvider, outcomes), (consent.ShareWithProvider, consent.ShareOutcomesWithReferrer));
    }

    [Fact]
    public void Withdrawing_a_contact_channel_announces_the_consent_without_that_channels_detail()
    {
        var referral = Given.Draft();
        referral.RecordConsent(Given.Consent(sms: true, email: true), ReferralParty.Referrer);
        referral.Request(ReferralParty.Referrer, "gp-1", Given.Start, Given.Window);
        referral.TakeEvents();

        referral.RecordConsent(Given.Consent(sms: true, email: false), ReferralParty.Referrer);

        var consent = Assert.Single(referral.TakeEvents().OfType<ReferralConsentChanged>());
        Assert.False(consent.ContactByEmail);
        Assert.Null(consent.Email);
    }

    [Fact]
    public void The_provider_sees_the_person_only_while_consent_to_share_with_it_stands()
    {
        var referral = Given.Requested();
        Assert.True(referral.SharesPersonWith(ReferralParty.Provider));

        referral.RecordConsent(Given.Consent(shareWithProvider: false), ReferralParty.Referrer);

        Assert.False(referral.SharesPersonWith(ReferralParty.Provider));
        Assert.True(referral.SharesPersonWith(ReferralParty.Referrer));
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
