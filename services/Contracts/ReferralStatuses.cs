namespace Contracts.Referrals;

/// <summary>
/// The referral statuses as every service and the portal spell them (kebab case, as in the events and the APIs),
/// and the consent rule that depends on them.
/// </summary>
public static class ReferralStatuses
{
    public const string Draft = "draft";
    public const string Requested = "requested";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string InProgress = "in-progress";
    public const string OnHold = "on-hold";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string EnteredInError = "entered-in-error";

    /// <summary>The receiving provider records attendance (and schedules a first session) in these.</summary>
    public static readonly string[] Attendable = [Accepted, InProgress, OnHold];

    /// <summary>The receiving provider records outcome measures in these: once accepted, also after it has ended.</summary>
    public static readonly string[] Measurable = [Accepted, InProgress, OnHold, Completed, Failed];

    /// <summary>
    /// Moving into these says whether the person went and how it ended (started going, paused, finished, did not
    /// attend), so the referrer hears of them only where the person agreed to share attendance and outcomes.
    /// </summary>
    public static bool RevealsAttendance(string status) => status is InProgress or OnHold or Completed or Failed;
}
