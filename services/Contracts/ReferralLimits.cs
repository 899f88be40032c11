namespace Contracts.Referrals;

/// <summary>
/// How long each text of a referral request may be: the Referrals API refuses longer (its validators use these), and
/// the portal checks the same numbers on the step where the field is typed, so a person hears of it there.
/// </summary>
public static class ReferralLimits
{
    public const int ReasonLength = 4000;
    public const int NameLength = 100;
    public const int EmailLength = 254;
    public const int PhoneLength = 30;
    /// <summary>One need; the portal sends its "what would they like help with" as one.</summary>
    public const int NeedLength = 200;
    public const int RouteAddressLength = 500;
    public const int CarerNameLength = 200;
    public const int CarerRelationshipLength = 100;
    public const int RouteNotesLength = 1000;
    public const int InterpreterLanguageLength = 100;
}
