using System.Text.RegularExpressions;
using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace DirectoryService.Features.Postcodes;

/// <summary>A place resolved from the gazetteer: the point to measure from and the area telemetry may keep.</summary>
/// <param name="Display">What the point stands for: "PO6 3AA", the sector "PO6 3" or the district "PO6".</param>
/// <param name="Precision">postcode, sector or district: how closely the point matches what was asked.</param>
/// <param name="NotFound">
/// The full postcode asked for when the gazetteer does not have it and the point is its sector's or district's
/// instead (the centre of the gazetteer's own postcodes there); null when it was found, or a district was asked for.
/// </param>
public sealed record ResolvedPlace(string Display, string Outcode, string? Ward, double Latitude, double Longitude,
    string Precision = ResolvedPlace.Postcode, string? NotFound = null)
{
    public const string Postcode = "postcode";
    public const string Sector = "sector";
    public const string District = "district";
}

/// <summary>
/// Turns what a resident typed ("po6 3aa", "PO6") into a point: a full postcode from its gazetteer row, an outcode
/// (district) from the centre of its postcodes. A full postcode the gazetteer does not have (the demo one holds a
/// sample; a real one misses new builds) falls back to its sector ("PO6 3"), then its district ("PO6"), each the centre
/// of the gazetteer's own postcodes there, and says so (<see cref="ResolvedPlace.Precision"/>). Malformed input, or an
/// unknown district, is a 422 naming the field.
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
            var postcode = await db.Postcodes.AsNoTracking().SingleOrDefaultAsync(p => p.Code == code, cancellationToken);
            if (postcode is not null)
                return new ResolvedPlace(postcode.Display, postcode.Outcode, postcode.WardName, postcode.Latitude, postcode.Longitude);
            var display = Postcode.Format(code);
            var outcode = code[..^3];
            // The sector is the outcode and the inward code's digit; within the outcode, so "SW1 1" is never "SW11".
            var sector = outcode + code[^3];
            if (await CentreAsync(db.Postcodes.Where(p => p.Outcode == outcode && p.Code.StartsWith(sector)), cancellationToken) is { } inSector)
                return new ResolvedPlace($"{outcode} {code[^3]}", outcode, null, inSector.Latitude, inSector.Longitude, ResolvedPlace.Sector, display);
            if (await CentreAsync(db.Postcodes.Where(p => p.Outcode == outcode), cancellationToken) is { } inDistrict)
                return new ResolvedPlace(outcode, outcode, null, inDistrict.Latitude, inDistrict.Longitude, ResolvedPlace.District, display);
            throw Unknown($"The postcode '{display}' is not in the gazetteer, nor is any postcode in '{outcode}'.");
        }
        if (Outcode().IsMatch(code))
        {
            var centre = await CentreAsync(db.Postcodes.Where(p => p.Outcode == code), cancellationToken)
                ?? throw Unknown($"The postcode district '{code}' is not in the gazetteer.");
            return new ResolvedPlace(code, code, null, centre.Latitude, centre.Longitude, ResolvedPlace.District);
        }
        throw Unknown($"'{input}' is not a UK postcode or postcode district (e.g. 'PO6 3AA' or 'PO6').");
    }

    /// <summary>The centre of the postcodes given (all in one district), or null when there are none.</summary>
    private static async Task<(double Latitude, double Longitude)?> CentreAsync(IQueryable<Postcode> postcodes, CancellationToken cancellationToken)
    {
        // Every caller filters to one outcode, so this is one group.
        var centre = await postcodes.AsNoTracking().GroupBy(p => p.Outcode)
            .Select(g => new { Latitude = g.Average(p => p.Latitude), Longitude = g.Average(p => p.Longitude) })
            .FirstOrDefaultAsync(cancellationToken);
        return centre is null ? null : (centre.Latitude, centre.Longitude);
    }

    private static RuleViolationException Unknown(string message) =>
        new(message, new Dictionary<string, string[]> { ["postcode"] = [message] });
}
