using System.Text.RegularExpressions;
using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace DirectoryService.Features.Postcodes;

/// <summary>A place resolved from the gazetteer: the point to measure from and the area telemetry may keep.</summary>
public sealed record ResolvedPlace(string Display, string Outcode, string? Ward, double Latitude, double Longitude);

/// <summary>
/// Turns what a resident typed ("po6 3aa", "PO6") into a point: a full postcode from its gazetteer row, an outcode
/// (district) from the centre of its postcodes. Malformed or unknown input is a 422 naming the field.
/// Resolved places are cached for a while: every search with a place needs one, and the gazetteer changes only
/// when a new ONSPD release is imported (a moved postcode centre shows within <see cref="CacheFor"/>).
/// </summary>
public sealed partial class PostcodeLookup(DirectoryDb db, IMemoryCache cache)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(10);

    [GeneratedRegex("^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")]
    private static partial Regex FullPostcode();

    [GeneratedRegex("^[A-Z]{1,2}[0-9][A-Z0-9]?$")]
    private static partial Regex Outcode();

    public static bool IsWellFormed(string input)
    {
        var code = Postcode.Normalise(input);
        return FullPostcode().IsMatch(code) || Outcode().IsMatch(code);
    }

    public async Task<ResolvedPlace> ResolveAsync(string input, CancellationToken cancellationToken)
    {
        var code = Postcode.Normalise(input);
        var key = (typeof(ResolvedPlace), code);
        if (cache.TryGetValue(key, out ResolvedPlace? cached)) return cached!;
        var place = await LookUpAsync(input, code, cancellationToken);
        cache.Set(key, place, CacheFor);
        return place;
    }

    private async Task<ResolvedPlace> LookUpAsync(string input, string code, CancellationToken cancellationToken)
    {
        if (FullPostcode().IsMatch(code))
        {
            var postcode = await db.Postcodes.AsNoTracking().SingleOrDefaultAsync(p => p.Code == code, cancellationToken)
                           ?? throw Unknown($"The postcode '{Postcode.Format(code)}' is not in the gazetteer.");
            return new ResolvedPlace(postcode.Display, postcode.Outcode, postcode.WardName, postcode.Latitude, postcode.Longitude);
        }
        if (Outcode().IsMatch(code))
        {
            var centre = await db.Postcodes.AsNoTracking().Where(p => p.Outcode == code)
                .GroupBy(p => p.Outcode)
                .Select(g => new { Latitude = g.Average(p => p.Latitude), Longitude = g.Average(p => p.Longitude) })
                .SingleOrDefaultAsync(cancellationToken)
                ?? throw Unknown($"The postcode district '{code}' is not in the gazetteer.");
            return new ResolvedPlace(code, code, null, centre.Latitude, centre.Longitude);
        }
        throw Unknown($"'{input}' is not a UK postcode or postcode district (e.g. 'PO6 3AA' or 'PO6').");
    }

    private static RuleViolationException Unknown(string message) =>
        new(message, new Dictionary<string, string[]> { ["postcode"] = [message] });
}
