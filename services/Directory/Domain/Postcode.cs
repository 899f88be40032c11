using System.Text.RegularExpressions;

namespace DirectoryService.Domain;

/// <summary>One gazetteer row (ONS Postcode Directory layout): where a postcode is and which ward it is in.</summary>
public sealed class Postcode
{
    /// <summary>Upper case, no spaces: "PO63AA".</summary>
    public string Code { get; private set; } = "";
    public string Display { get; private set; } = "";
    public string Outcode { get; private set; } = "";
    public double Latitude { get; private set; }
    public double Longitude { get; private set; }
    public string? WardCode { get; private set; }
    public string? WardName { get; private set; }

    private Postcode() { }

    public Postcode(string display, double latitude, double longitude, string? wardCode, string? wardName)
    {
        Code = Normalise(display);
        Display = Format(Code);
        Outcode = Display.Split(' ')[0];
        Latitude = latitude;
        Longitude = longitude;
        WardCode = wardCode;
        WardName = wardName;
    }

    public static string Normalise(string postcode) => new string(postcode.Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant();

    /// <summary>"PO63AA" -> "PO6 3AA": the inward code is always the last three characters.</summary>
    public static string Format(string normalised) =>
        normalised.Length > 3 ? $"{normalised[..^3]} {normalised[^3..]}" : normalised;

    // The UK postcode shapes (A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA), with the letters each position allows.
    private static readonly Regex UkFormat = new(
        "^(GIR0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRV-Y])[0-9][ABD-HJLNP-UW-Z]{2})$",
        RegexOptions.CultureInvariant);

    /// <summary>Whether the text has the shape of a UK postcode (any spacing or case); not whether it exists.</summary>
    public static bool IsValidFormat(string? postcode) => postcode is not null && UkFormat.IsMatch(Normalise(postcode));
}
