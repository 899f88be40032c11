using BuildingBlocks.Auth;
using Contracts.Directory;
using ReferralsService.Domain;

namespace Referrals.Tests.Domain;

/// <summary>Builds referrals for domain tests, walked to any state through legal transitions only.</summary>
internal static class Given
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Window = TimeSpan.FromDays(14);
    public static readonly Guid ProviderOrg = Guid.NewGuid();
    public static readonly CurrentUser Referrer = new("gp-1", "Dr Patel", Roles.Practitioner, null, "cosham-pcn");

    public static ReferrableService Service(ReferralAcceptance accepting = ReferralAcceptance.Yes, bool self = false) =>
        ReferrableService.From(new ServiceListed(Guid.NewGuid(), ProviderOrg, "Cosham Good Neighbours", "Tuesday lunch club",
            accepting, self, true, [], Start.AddDays(-30)));

    public static Person Person(string? phone = "07700 900123", string? email = "mary@example.org") =>
        new("Mary", "O'Brien", new DateOnly(1948, 5, 17), "943 476 5919", email, phone, ["loneliness"], null);

    public static Consent Consent(bool shareWithProvider = true, bool sms = false, bool email = false, bool outcomes = true, bool post = false) =>
        new(ConsentGiver.Person, ConsentMethod.Verbal, Start.AddHours(-1), shareWithProvider, outcomes, sms, email, Referrer.Id, Start, post);

    /// <summary>A person with no email or phone, reached by post at <paramref name="address"/>.</summary>
    public static Person PostalPerson(string address = "Flat 2, 14 Magdala Road, Cosham, Portsmouth PO6 2QG") =>
        new("Mary", "O'Brien", new DateOnly(1948, 5, 17), null, null, null, ["loneliness"], null, new ContactRoute(ContactRouteKind.Post, address));

    public static Referral Draft(Person? person = null) =>
        Referral.Draft(Guid.NewGuid(), Service(), Referrer, person ?? Person(), "Recently bereaved, lives alone", Start);

    public static Referral Requested()
    {
        var referral = Draft();
        referral.RecordConsent(Consent(), ReferralParty.Referrer);
        referral.Request(ReferralParty.Referrer, Referrer.Id, Start, Window);
        referral.TakeEvents();
        return referral;
    }

    public static Referral In(ReferralStatus status)
    {
        var at = Start.AddDays(1);
        Referral referral;
        switch (status)
        {
            // With consent recorded, so that the only thing a matrix test varies is the state.
            case ReferralStatus.Draft: referral = Draft(); referral.RecordConsent(Consent(), ReferralParty.Referrer); break;
            case ReferralStatus.Requested: referral = Requested(); break;
            case ReferralStatus.Accepted: referral = Requested(); referral.Accept(ReferralParty.Provider, "staff", at); break;
            case ReferralStatus.Rejected:
                referral = Requested(); referral.Reject(ReferralParty.Provider, RejectionReason.NoCapacity, null, "staff", at); break;
            case ReferralStatus.InProgress: referral = In(ReferralStatus.Accepted); referral.Start(ReferralParty.Provider, "staff", at); break;
            case ReferralStatus.OnHold: referral = In(ReferralStatus.Accepted); referral.Hold(ReferralParty.Provider, "staff", at); break;
            case ReferralStatus.Completed: referral = In(ReferralStatus.Accepted); referral.Complete(ReferralParty.Provider, "staff", at); break;
            case ReferralStatus.Failed:
                referral = In(ReferralStatus.Accepted); referral.Fail(ReferralParty.Provider, FailureReason.Declined, null, "staff", at); break;
            case ReferralStatus.Cancelled: referral = Requested(); referral.Cancel(ReferralParty.Referrer, "Moved away", Referrer.Id, at); break;
            case ReferralStatus.EnteredInError: referral = Draft(); referral.MarkEnteredInError(ReferralParty.Referrer, "Wrong person", Referrer.Id, at); break;
            default: throw new ArgumentOutOfRangeException(nameof(status));
        }
        Assert.Equal(status, referral.Status);
        referral.TakeEvents();
        return referral;
    }

    /// <summary>Takes the action the way a handler would, with a valid reason where one is needed.</summary>
    public static void Act(Referral referral, ReferralAction action, ReferralParty party, DateTimeOffset at)
    {
        const string by = "actor";
        switch (action)
        {
            case ReferralAction.Request: referral.Request(party, by, at, Window); break;
            case ReferralAction.Accept: referral.Accept(party, by, at); break;
            case ReferralAction.Reject: referral.Reject(party, RejectionReason.NotEligible, "Outside the area", by, at); break;
            case ReferralAction.Start: referral.Start(party, by, at); break;
            case ReferralAction.Hold: referral.Hold(party, by, at); break;
            case ReferralAction.Complete: referral.Complete(party, by, at); break;
            case ReferralAction.Fail: referral.Fail(party, FailureReason.DidNotAttend, null, by, at); break;
            case ReferralAction.Cancel: referral.Cancel(party, "No longer needed", by, at); break;
            case ReferralAction.EnteredInError: referral.MarkEnteredInError(party, "Duplicate entry", by, at); break;
        }
    }
}
