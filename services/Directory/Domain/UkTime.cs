namespace DirectoryService.Domain;

/// <summary>Activities run on UK local time (GMT/BST); schedules are compared in it, never in UTC.</summary>
public static class UkTime
{
    private static readonly TimeZoneInfo Zone = Find();

    public static DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    private static TimeZoneInfo Find()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Europe/London"); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.Utc; }
    }
}
