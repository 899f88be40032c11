using BuildingBlocks.Web;
using Contracts.Referrals;
using ReferralsService.Domain;

namespace Referrals.Tests.Domain;

/// <summary>Consent to letters: only with an address to write to, and its lines travel only while it stands.</summary>
public sealed class PostalConsentTests
{
    [Fact]
    public void A_person_reached_by_post_can_agree_to_letters_and_the_consent_event_carries_their_address_laid_out_for_a_letter()
    {
        var referral = Given.Draft(Given.PostalPerson());
        referral.RecordConsent(Given.Consent(post: true), ReferralParty.Referrer);

        referral.Request(ReferralParty.Referrer, "gp-1", Given.Start, Given.Window);

        var consent = Assert.Single(referral.TakeEvents().OfType<ReferralConsentChanged>());
        Assert.True(consent.ContactByPost);
        Assert.Equal(["Mary O'Brien", "Flat 2", "14 Magdala Road", "Cosham", "Portsmouth", "PO6 2QG"], consent.PostalAddress);
        Assert.Equal("Mary", consent.FirstName);
        Assert.Null(consent.Email);
        Assert.Null(consent.Phone);
    }

    [Theory]
    [InlineData(null)] // reached by email and phone: no address at all
    [InlineData("14 Magdala Road, Cosham")] // no postcode: Royal Mail and Notify need one
    public void Letters_cannot_be_agreed_to_without_an_address_that_ends_with_a_postcode(string? address)
    {
        var referral = Given.Draft(address is null ? Given.Person() : Given.PostalPerson(address));

        var refused = Assert.Throws<RuleViolationException>(() => referral.RecordConsent(Given.Consent(post: true), ReferralParty.Referrer));

        Assert.Contains("consent.contactByPost", refused.Errors.Keys);
        Assert.Null(referral.Consent);
    }

    [Fact]
    public void Withdrawing_letters_announces_no_address_and_a_closed_referral_may_withdraw_them_but_not_add_them_back()
    {
        var referral = Given.Draft(Given.PostalPerson());
        referral.RecordConsent(Given.Consent(post: true), ReferralParty.Referrer);
        referral.Request(ReferralParty.Referrer, "gp-1", Given.Start, Given.Window);
        referral.Cancel(ReferralParty.Referrer, "moved away", "gp-1", Given.Start.AddHours(1));
        referral.TakeEvents();

        referral.RecordConsent(Given.Consent(post: false), ReferralParty.Referrer);

        var withdrawn = Assert.Single(referral.TakeEvents().OfType<ReferralConsentChanged>());
        Assert.False(withdrawn.ContactByPost);
        Assert.Null(withdrawn.PostalAddress);
        Assert.Null(withdrawn.FirstName); // no channel left to greet them on
        Assert.Throws<ConflictException>(() => referral.RecordConsent(Given.Consent(post: true), ReferralParty.Referrer));
    }

    [Theory]
    [InlineData("12 High Street\nCosham\nPortsmouth\npo63aa", new[] { "Ann Lee", "12 High Street", "Cosham", "Portsmouth", "PO6 3AA" })]
    [InlineData("12 High Street, Portsmouth, PO6 3AA", new[] { "Ann Lee", "12 High Street", "Portsmouth", "PO6 3AA" })]
    [InlineData("12 High Street Portsmouth PO63AA", new[] { "Ann Lee", "12 High Street Portsmouth", "PO6 3AA" })]
    [InlineData("Flat 1, Ivy House, 3 Lane, Farlington, Drayton, Cosham, Portsmouth, Hampshire PO6 1AA",
        new[] { "Ann Lee", "Flat 1", "Ivy House", "3 Lane", "Farlington", "Drayton, Cosham, Portsmouth, Hampshire", "PO6 1AA" })]
    public void A_letter_s_address_has_the_name_first_the_postcode_alone_last_and_at_most_seven_lines(string address, string[] lines)
    {
        var postal = PostalAddress.From("Ann Lee", address);

        Assert.NotNull(postal);
        Assert.Equal(lines, postal.Lines);
    }

    [Theory]
    [InlineData("PO6 3AA")] // a postcode alone: no street to deliver to
    [InlineData("12 High Street, Portsmouth, ZZ1 1ZZ9")] // not a postcode's shape
    public void An_address_a_letter_cannot_be_sent_to_has_no_postal_layout(string address) =>
        Assert.Null(PostalAddress.From("Ann Lee", address));
}
