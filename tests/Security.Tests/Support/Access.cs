using System.Net;
using static Security.Tests.Support.Caller;

namespace Security.Tests.Support;

/// <summary>What a caller should get: any 2xx, or one exact refusal or error status.</summary>
public readonly record struct Expect(int? Status)
{
    public static readonly Expect Success = new(null);
    public static readonly Expect Unauthorized = new(401);
    public static readonly Expect Forbidden = new(403);
    public static readonly Expect NotFound = new(404);
    public static readonly Expect Conflict = new(409);

    public bool IsSuccess => Status is null;
    public bool Matches(HttpStatusCode actual) => Status is { } status ? (int)actual == status : (int)actual is >= 200 and < 300;
    public override string ToString() => Status?.ToString() ?? "2xx";
}

/// <summary>
/// One access rule in words, and what it means for each caller. Not signed in (no token, or a token without a
/// subject) is always 401 on a route that needs sign-in. A refusal that could reveal that a thing exists is a 404
/// (the same as for an unknown id); a refusal by role alone (the same for every id) is a 403.
/// </summary>
public sealed class Access(string name, Func<Caller, Expect> rule)
{
    public string Name { get; } = name;
    public Expect For(Caller caller) => rule(caller);
    public override string ToString() => Name;

    /// <summary>The same rule with one caller's answer decided by something else (a state rule), said in words.</summary>
    public Access But(Caller caller, Expect expect, string why) =>
        new($"{Name}; but {caller} {expect}: {why}", c => c == caller ? expect : For(c));

    private static bool SignedOut(Caller caller) => caller is Anonymous or NoSubject;

    private static Access SignedIn(string name, Func<Caller, Expect> signedIn) =>
        new(name, caller => SignedOut(caller) ? Expect.Unauthorized : signedIn(caller));

    private static Access Only(string name, Expect others, params Caller[] allowed) =>
        SignedIn(name, caller => allowed.Contains(caller) ? Expect.Success : others);

    private static readonly Caller[] Practitioners = [Referrer, TeamColleague, OtherTeamPractitioner, NoTeamPractitioner];
    private static readonly Caller[] Providers = [OwnOrgProvider, OtherOrgProvider];

    public static readonly Access Public = new("public", _ => Expect.Success);
    public static readonly Access AnySignedIn = SignedIn("any signed-in", _ => Expect.Success);
    public static readonly Access Resident = Only("resident", Expect.Forbidden, Caller.Resident);
    public static readonly Access Practitioner = Only("practitioner", Expect.Forbidden, Practitioners);
    public static readonly Access Provider = Only("provider staff (any organisation)", Expect.Forbidden, Providers);
    public static readonly Access CuratorRole = Only("curator (or admin)", Expect.Forbidden, Curator, Admin);
    public static readonly Access AdminRole = Only("admin", Expect.Forbidden, Admin);
    /// <summary>Insight (counts only, small ones withheld): commissioners, and curators and admins.</summary>
    public static readonly Access InsightReader = Only("commissioner, curator or admin", Expect.Forbidden, Commissioner, Curator, Admin);
    /// <summary>The portal's own service principal; every person, admins too, is refused by role.</summary>
    public static readonly Access PortalServiceOnly = Only("the portal's service principal", Expect.Forbidden, PortalService);
    public static readonly Access PractitionerOrAdmin = Only("practitioner or admin", Expect.Forbidden, [.. Practitioners, Admin]);
    public static readonly Access ProviderOrCurator =
        Only("provider staff (for their own organisation) or a curator", Expect.Forbidden, [.. Providers, Curator, Admin]);

    /// <summary>A published thing of organisation A: everyone may know it exists, so others get 403.</summary>
    public static readonly Access OrganisationStaffOnly = Only("its organisation's staff only", Expect.Forbidden, OwnOrgProvider);
    public static readonly Access OrganisationStaffOrCurator =
        Only("its organisation's staff or a curator", Expect.Forbidden, OwnOrgProvider, Curator, Admin);

    /// <summary>An unpublished listing of organisation A: hidden from everyone who may not edit it.</summary>
    public static readonly Access OrganisationStaffOrCuratorHidden =
        Only("its organisation's staff or a curator; 404 to others", Expect.NotFound, OwnOrgProvider, Curator, Admin);

    /// <summary>An unpublished listing on a public route: 404 to everyone who may not edit it, signed in or not.</summary>
    public static readonly Access OrganisationStaffOrCuratorHiddenFromAll = new("its organisation's staff or a curator; 404 to everyone else",
        caller => caller is OwnOrgProvider or Curator or Admin ? Expect.Success : Expect.NotFound);

    /// <summary>A referral: the referrer's side (P1 and team T1) and the receiving organisation; 404 to anyone else, curators too.</summary>
    public static readonly Access PartyToReferral =
        Only("party to the referral; 404 to others", Expect.NotFound, Referrer, TeamColleague, OwnOrgProvider);

    /// <summary>An action only the referrer's side may take: the provider (a party) is told 403, strangers 404.</summary>
    public static readonly Access ReferrerSide = SignedIn("the referrer's side; provider 403; others 404", caller => caller switch
    {
        Referrer or TeamColleague => Expect.Success,
        OwnOrgProvider => Expect.Forbidden,
        _ => Expect.NotFound,
    });

    /// <summary>A draft: only the referrer's side knows of it (the provider sees a referral once it is requested).</summary>
    public static readonly Access ReferrerSideOfDraft =
        Only("the referrer's side of a draft; 404 to others, provider too", Expect.NotFound, Referrer, TeamColleague);

    /// <summary>An action only the receiving provider may take: the referrer's side is told 403, strangers 404.</summary>
    public static readonly Access ProviderSide = SignedIn("the receiving provider; referrer's side 403; others 404", caller => caller switch
    {
        OwnOrgProvider => Expect.Success,
        Referrer or TeamColleague => Expect.Forbidden,
        _ => Expect.NotFound,
    });

    /// <summary>Feedback's provider-only routes (403 by role), for the receiving organisation only (404 to other providers).</summary>
    public static readonly Access ReceivingProvider = SignedIn("provider role; the receiving organisation; other providers 404",
        caller => caller switch
        {
            OwnOrgProvider => Expect.Success,
            OtherOrgProvider => Expect.NotFound,
            _ => Expect.Forbidden,
        });

    /// <summary>Feedback's attendance and outcomes: the receiving provider, and the referrer's side where the person consented.</summary>
    public static readonly Access ReceivingProviderOrConsentedReferrer =
        Only("receiving provider or the consented referrer's side; 404 to others", Expect.NotFound, OwnOrgProvider, Referrer, TeamColleague);

    /// <summary>FHIR Subscriptions (docs/FHIR.md): a party to referrals, a practitioner or provider staff; others 403 by role.</summary>
    public static readonly Access PractitionerOrProvider = Only("practitioner or provider staff", Expect.Forbidden, [.. Practitioners, .. Providers]);

    /// <summary>One FHIR Subscription, P1's: theirs only; 404 to other practitioners and providers, 403 to other roles.</summary>
    public static readonly Access SubscriptionOwner = SignedIn("the subscription's owner; other practitioners and providers 404; other roles 403",
        caller => caller switch
        {
            Referrer => Expect.Success,
            _ when Practitioners.Contains(caller) || Providers.Contains(caller) => Expect.NotFound,
            _ => Expect.Forbidden,
        });

    /// <summary>One in-app message: its recipient (the referrer) only; 404 to everyone else.</summary>
    public static readonly Access Recipient = Only("the message's recipient; 404 to others", Expect.NotFound, Referrer);
}
