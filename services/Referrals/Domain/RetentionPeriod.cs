using BuildingBlocks.Auth;
using BuildingBlocks.Web;

namespace ReferralsService.Domain;

/// <summary>
/// An admin's change to how long closed referrals keep their personal data. The newest change is the period in force;
/// the rows together are the audit of who changed it, from what, to what and when. Until an admin sets one, the
/// configuration's Referrals:AnonymiseClosedAfterDays applies.
/// </summary>
public sealed class RetentionPeriodChange
{
    /// <summary>Under a month and a referral could lose its data before the loop has closed and been looked back on.</summary>
    public const int MinimumDays = 30;
    /// <summary>Ten years: keeping personal data longer than that is no longer a retention period.</summary>
    public const int MaximumDays = 3650;

    private RetentionPeriodChange() { }

    public long Id { get; private set; }
    public int Days { get; private set; }
    /// <summary>The period in force before: the previous change's, or the configured default.</summary>
    public int PreviousDays { get; private set; }
    public string ChangedById { get; private set; } = "";
    /// <summary>The admin's display name (staff, not the people referred), for the change history.</summary>
    public string ChangedByName { get; private set; } = "";
    public DateTimeOffset ChangedAt { get; private set; }

    public static RetentionPeriodChange Record(int previousDays, int days, CurrentUser admin, DateTimeOffset now)
    {
        if (days is < MinimumDays or > MaximumDays)
        {
            var message = $"The retention period must be between {MinimumDays} and {MaximumDays} days.";
            throw new RuleViolationException(message, new Dictionary<string, string[]> { ["days"] = [message] });
        }
        return new RetentionPeriodChange
        {
            Days = days, PreviousDays = previousDays, ChangedById = admin.Id, ChangedByName = admin.Name, ChangedAt = now,
        };
    }
}
