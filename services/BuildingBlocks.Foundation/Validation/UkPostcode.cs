using System.Text.RegularExpressions;

namespace BuildingBlocks.Validation;

/// <summary>
/// The shape of a UK postcode, one place for it: the Directory's gazetteer checks what a person types with it, and
/// Referrals finds the postcode of an address a person agreed to be written to (the last line of a letter's address).
/// </summary>
public static partial class UkPostcode
{
    /// <summary>"po6 3aa " -> "PO63AA": letters and digits only, upper case.</summary>
    public static string Normalise(string postcode) => new string(postcode.Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant();

    /// <summary>"PO63AA" -> "PO6 3AA": the inward code is always the last three characters.</summary>
    public static string Format(string normalised) =>
        normalised.Length > 3 ? $"{normalised[..^3]} {normalised[^3..]}" : normalised;

    /// <summary>Whether the text has the shape of a UK postcode (any spacing or case); not whether it exists.</summary>
    public static bool IsValidFormat(string? postcode) => postcode is not null && Shape().IsMatch(Normalise(postcode));

    /// <summary>
    /// The postcode at the end of an address as people write it ("12 High Street, Cosham, Portsmouth PO6 3AA"), in its
    /// usual form ("PO6 3AA"), and the text before it; null when the address does not end with one.
    /// </summary>
    public static (string Before, string Postcode)? AtEnd(string address)
    {
        var match = Ending().Match(address.TrimEnd());
        if (!match.Success || !IsValidFormat(match.Groups["postcode"].Value)) return null;
        return (address[..match.Index].TrimEnd(' ', ',', '\n', '\t'), Format(Normalise(match.Groups["postcode"].Value)));
    }

    // The UK postcode shapes (A9 9AA, A99 9AA, AA9 9AA, AA99 9AA, A9A 9AA, AA9A 9AA), with the letters each position allows.
    [GeneratedRegex("^(GIR0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRV-Y])[0-9][ABD-HJLNP-UW-Z]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    // An outward code and an inward code (a digit and two letters), with or without a space, at the very end.
    [GeneratedRegex(@"(?<postcode>\b[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Ending();
}
