using BuildingBlocks.Validation;

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

    public static string Normalise(string postcode) => UkPostcode.Normalise(postcode);

    /// <summary>"PO63AA" -> "PO6 3AA": the inward code is always the last three characters.</summary>
    public static string Format(string normalised) => UkPostcode.Format(normalised);

    /// <summary>Whether the text has the shape of a UK postcode (any spacing or case); not whether it exists.</summary>
    public static bool IsValidFormat(string? postcode) => UkPostcode.IsValidFormat(postcode);
}
