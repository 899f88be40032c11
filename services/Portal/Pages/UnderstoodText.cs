using System.Globalization;
using Portal.Api;
using Portal.Localisation;

namespace Portal.Pages;

/// <summary>
/// How the search page says back what it understood ("on Mondays", "in the evening"). The Directory words it in
/// English, from what was typed; in another language the page words it from what was understood (the days, the
/// times, the place, the age), so a reader of Polish is not answered in English.
/// </summary>
public static class UnderstoodText
{
    public static string For(SearchUnderstood understood)
    {
        if (PortalCultures.IsEnglish) return understood.Text;
        return understood.Kind switch
        {
            "day" => PortalText.Format("Understood.Days", string.Join(PortalText.Get("Common.ListSeparator"),
                understood.Value.Split(',').Select(day => PortalText.Get("Weekday." + CultureInfo.InvariantCulture.TextInfo.ToTitleCase(day))))),
            "time" when understood.Value.Split('-') is [var from, var to] => Times(from, to),
            "cost" => PortalText.Get("Facts.Free"),
            "place" => PortalText.Format("Understood.Place", understood.Value),
            "audience" when understood.Value.StartsWith("age:", StringComparison.Ordinal) => PortalText.Format("Understood.Age", understood.Value[4..]),
            _ => understood.Text,
        };
    }

    /// <summary>"at 10:00", "after 17:00", "before 09:00" or "10:00 to 12:00", from the times the filter holds.</summary>
    private static string Times(string from, string to) =>
        TimeOnly.TryParse(from, CultureInfo.InvariantCulture, out var start) && TimeOnly.TryParse(to, CultureInfo.InvariantCulture, out var end)
            ? (start, end) switch
            {
                _ when end - start == TimeSpan.FromMinutes(1) => PortalText.Format("Understood.At", from),
                _ when start == TimeOnly.MinValue => PortalText.Format("Understood.Before", to),
                _ when end == new TimeOnly(23, 59) => PortalText.Format("Understood.After", from),
                _ => PortalText.Format("Understood.Time", from, to),
            }
            : PortalText.Format("Understood.Time", from, to);
}
