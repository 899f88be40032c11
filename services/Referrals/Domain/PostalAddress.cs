using Contracts.Referrals;
using BuildingBlocks.Validation;

namespace ReferralsService.Domain;

/// <summary>
/// Where a letter to the person goes, laid out once, here, as Royal Mail and GOV.UK Notify want it: their name on the
/// first line, the address as they gave it (a line per line, or per comma when it was typed on one), and the postcode
/// alone on the last; at most seven lines (the middle ones run together beyond that). Only an address that ends with
/// a UK postcode can be written to: without one, the person cannot consent to letters (<see cref="Referral.RecordConsent"/>).
/// </summary>
public sealed record PostalAddress(IReadOnlyList<string> Lines)
{
    /// <summary>The person's postal address from their contact route (by post, or a home visit: both give one); null when there is none to write to.</summary>
    public static PostalAddress? Of(Person person) =>
        person.ContactRoute is { NeedsAddress: true, Address: { } address } ? From($"{person.GivenName} {person.FamilyName}".Trim(), address) : null;

    public static PostalAddress? From(string name, string address)
    {
        if (UkPostcode.AtEnd(address.ReplaceLineEndings("\n")) is not { } found) return null;
        var (before, postcode) = found;
        var parts = before.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (parts.Count == 1) parts = [.. parts[0].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        parts = [.. parts.Select(p => p.TrimEnd(',').Trim()).Where(p => p.Length > 0)];
        if (parts.Count == 0 || name.Length == 0) return null; // a postcode alone, or nobody to address it to
        var room = PostalAddressLines.Max - 2;
        if (parts.Count > room) parts = [.. parts[..(room - 1)], string.Join(", ", parts[(room - 1)..])];
        return new PostalAddress([name, .. parts, postcode]);
    }
}
