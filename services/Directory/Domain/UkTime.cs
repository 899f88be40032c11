namespace DirectoryService.Domain;

/// <summary>Activities run on UK local time (GMT/BST); schedules are compared in it, never in UTC.</summary>
public static class UkTime
{
    private static readonly TimeZoneInfo Zone = Find();

    public static DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    /// <summary>"3 December 2026, 14:30" as UK clocks say it, in English whatever the culture (for the history).</summary>
    public static string Describe(DateTimeOffset instant) =>
        Local(instant).ToString("d MMMM yyyy, HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static TimeZoneInfo Find()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Europe/London"); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.Utc; }
    }
}
