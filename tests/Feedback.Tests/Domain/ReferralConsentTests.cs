using Contracts.Referrals;
using FeedbackService.Domain;

namespace Feedback.Tests.Domain;

/// <summary>Which consented channel reaches the person, as consent is given and withdrawn.</summary>
public sealed class ReferralConsentTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static ReferralConsentChanged Consent(bool sms, bool email, int minutes) =>
        new(Guid.Empty, true, true, sms, email, "Pat", email ? "pat@example.org" : null, sms ? "07700 900123" : null, Start.AddMinutes(minutes));

    [Fact]
    public void The_channel_consented_most_recently_is_used_and_a_withdrawn_one_gives_way_to_the_other()
    {
        var referral = new Referral(Guid.NewGuid());

        referral.ApplyConsent(Consent(sms: true, email: false, 0), out _);
        referral.ApplyConsent(Consent(sms: true, email: true, 1), out _);
        Assert.Equal((Channels.Email, "pat@example.org"), referral.PersonContact());

        referral.ApplyConsent(Consent(sms: true, email: false, 2), out var withdrawn);
        Assert.Equal([Channels.Email], withdrawn);
        Assert.Equal((Channels.Sms, "07700 900123"), referral.PersonContact());

        referral.ApplyConsent(Consent(sms: false, email: false, 3), out withdrawn);
        Assert.Equal([Channels.Sms], withdrawn);
        Assert.Null(referral.PersonContact());
    }

    [Fact]
    public void An_older_consent_arriving_late_changes_nothing()
    {
        var referral = new Referral(Guid.NewGuid());
        referral.ApplyConsent(Consent(sms: false, email: false, 5), out _);

        Assert.False(referral.ApplyConsent(Consent(sms: true, email: true, 1), out _));
        Assert.Null(referral.PersonContact());
    }

    private static readonly string[] Address = ["Mary O'Brien", "14 Magdala Road", "Portsmouth", "PO6 2QG"];

    [Fact]
    public void A_person_who_agreed_only_to_letters_is_written_to_and_withdrawing_letters_forgets_the_address()
    {
        var referral = new Referral(Guid.NewGuid());

        referral.ApplyConsent(new ReferralConsentChanged(Guid.Empty, true, true, false, false, "Mary", null, null, Start, true, Address), out _);
        Assert.Equal((Channels.Letter, "Mary O'Brien\n14 Magdala Road\nPortsmouth\nPO6 2QG"), referral.PersonContact());

        referral.ApplyConsent(new ReferralConsentChanged(Guid.Empty, true, true, false, false, null, null, null, Start.AddMinutes(1)), out var withdrawn);
        Assert.Equal([Channels.Letter], withdrawn);
        Assert.Null(referral.PersonContact());
        Assert.Null(referral.ContactAddress);
    }

    [Fact]
    public void A_letter_goes_only_when_no_quicker_channel_is_agreed()
    {
        var referral = new Referral(Guid.NewGuid());

        referral.ApplyConsent(new ReferralConsentChanged(Guid.Empty, true, true, true, false, "Mary", null, "07700 900123", Start, true, Address), out _);

        Assert.Equal(Channels.Sms, referral.PersonContact()?.Channel);
    }
}
