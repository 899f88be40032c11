using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using ReferralsService.Domain;

namespace Referrals.Tests.Domain;

public sealed class RetentionPeriodChangeTests
{
    private static readonly CurrentUser Admin = new("admin-1", "Alex Admin", Roles.Admin, null, null);

    [Theory]
    [InlineData(0)]
    [InlineData(29)]
    [InlineData(3651)]
    public void A_period_outside_30_to_3650_days_is_refused_naming_days(int days)
    {
        var refused = Assert.Throws<RuleViolationException>(() => RetentionPeriodChange.Record(365, days, Admin, DateTimeOffset.UtcNow));

        Assert.Contains("days", refused.Errors.Keys);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(3650)]
    public void A_change_within_bounds_records_who_from_and_to(int days)
    {
        var at = new DateTimeOffset(2026, 12, 2, 5, 0, 0, TimeSpan.Zero);

        var change = RetentionPeriodChange.Record(365, days, Admin, at);

        Assert.Equal((365, days, "admin-1", "Alex Admin", at),
            (change.PreviousDays, change.Days, change.ChangedById, change.ChangedByName, change.ChangedAt));
    }
}
