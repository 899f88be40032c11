using System.Globalization;
using FluentValidation;
using FluentValidation.Internal;

namespace BuildingBlocks.Validation;

/// <summary>
/// How FluentValidation writes the values in its messages, for every validator in the process: dates as the APIs take
/// them and as people in the UK read them without doubt (2100-12-31), never as the invariant culture prints them
/// (12/31/2100, the US order: "01/02/2026" is the 2nd of January to a reader here). Set once at start
/// (<see cref="UseIsoDates"/>, from the services' defaults and the portal), not per validator: a range rule written
/// tomorrow gets it without anyone remembering.
/// </summary>
public static class ValidationMessages
{
    public static void UseIsoDates() => ValidatorOptions.Global.MessageFormatterFactory = () => new IsoDateMessageFormatter();

    /// <summary>A date, time or instant as ISO 8601 (a time of day only where there is one); anything else as it was.</summary>
    public static object? Iso(object? value) => value switch
    {
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly time => time.ToString(time.Second == 0 ? "HH:mm" : "HH:mm:ss", CultureInfo.InvariantCulture),
        DateTime { TimeOfDay.Ticks: 0 } day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime instant => instant.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset instant => instant.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        _ => value,
    };

    private sealed class IsoDateMessageFormatter : MessageFormatter
    {
        public override string BuildMessage(string messageTemplate)
        {
            // {PropertyValue}, {From}, {To}, {ComparisonValue}...: whichever placeholders the rule filled in.
            foreach (var (name, value) in PlaceholderValues.ToList())
                if (value is DateOnly or TimeOnly or DateTime or DateTimeOffset) PlaceholderValues[name] = Iso(value)!;
            return base.BuildMessage(messageTemplate);
        }
    }
}
