namespace DirectoryService.Features.Freshness;

/// <summary>
/// Directory:VerifyEveryDays (default 90): a listing unverified for longer is stale. Providers are prompted
/// Directory:RemindBeforeDays (default 14) before that. Directory:FreshnessMonitor:Enabled turns the daily sweep off.
/// </summary>
public sealed record FreshnessSettings(TimeSpan VerifyEvery, TimeSpan RemindBefore, bool MonitorEnabled)
{
    public static FreshnessSettings From(IConfiguration configuration) => new(
        TimeSpan.FromDays(Math.Max(1, configuration.GetValue("Directory:VerifyEveryDays", 90))),
        TimeSpan.FromDays(Math.Max(0, configuration.GetValue("Directory:RemindBeforeDays", 14))),
        configuration.GetValue("Directory:FreshnessMonitor:Enabled", true));
}
