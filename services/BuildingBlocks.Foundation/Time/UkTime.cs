using System.Globalization;

namespace BuildingBlocks.Time;

/// <summary>
/// The UK's clock (Europe/London, GMT and BST): activities run on it and people read it, so every "today", every
/// schedule comparison and every time written for a person goes through here, never UTC. A session at 10am in July
/// is 09:00 UTC; a message that said "9:00 AM" would send someone an hour early.
/// </summary>
public static class UkTime
{
    // A host without the time zone database (a container image without tzdata) would be an hour out all summer:
    // refuse to start instead. The container images are the "-extra" variant, which carries tzdata.
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(Local(clock.GetUtcNow()));

    /// <summary>A UK wall-clock time as the instant it is (the offset of that day: GMT or BST).</summary>
    public static DateTimeOffset Instant(DateTime ukLocal) => new(DateTime.SpecifyKind(ukLocal, DateTimeKind.Unspecified), Zone.GetUtcOffset(ukLocal));

    /// <summary>"10am", "10:30am", "noon", "midnight", "2pm": the time as people in the UK write it.</summary>
    public static string Clock(TimeOnly time) => time switch
    {
        { Hour: 12, Minute: 0 } => "noon",
        { Hour: 0, Minute: 0 } => "midnight",
        _ => (time.Hour % 12 == 0 ? 12 : time.Hour % 12).ToString(CultureInfo.InvariantCulture)
             + (time.Minute == 0 ? "" : ":" + time.Minute.ToString("00", CultureInfo.InvariantCulture))
             + (time.Hour < 12 ? "am" : "pm"),
    };

    /// <summary>"3 December 2026, 2:30pm" in UK time, the year always given: an instant written into a record (a listing's history).</summary>
    public static string Describe(DateTimeOffset instant)
    {
        var local = Local(instant);
        return local.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) + ", " + Clock(TimeOnly.FromDateTime(local));
    }
}
