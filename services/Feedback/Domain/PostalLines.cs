using Contracts.Referrals;

namespace FeedbackService.Domain;

/// <summary>
/// A letter's postal address as Feedback keeps it: the lines Referrals laid out (the person's name first, the postcode
/// alone on the last, three to seven of them; Referrals decides what can be written to), one per line in one column.
/// </summary>
public static class PostalLines
{
    /// <summary>Seven lines of a name (200) and an address (500) with their line breaks, with room to spare.</summary>
    public const int MaxLength = 800;

    /// <summary>The lines as stored; null when there is no address a letter could go to (too few or too many lines, or too long).</summary>
    public static string? Join(IReadOnlyList<string>? lines)
    {
        var kept = (lines ?? []).Select(l => l.ReplaceLineEndings(" ").Trim()).Where(l => l.Length > 0).ToList();
        if (kept.Count is < PostalAddressLines.Min or > PostalAddressLines.Max) return null;
        var joined = string.Join('\n', kept);
        return joined.Length <= MaxLength ? joined : null;
    }

    public static IReadOnlyList<string> Split(string address) => address.Split('\n');
}
