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
}
