using DirectoryService.Data;
using DirectoryService.Features.Postcodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace DirectoryService.Search;

/// <summary>
/// The places the gazetteer names (wards, and each part of a ward called "X and Y" or "X East"), for reading a place
/// out of typed text, and each one's centre (the mean of its postcodes). Cached: the gazetteer changes on import only.
/// </summary>
public sealed class GazetteerPlaces(DirectoryDb db, IMemoryCache cache)
{
    private sealed record Place(string Name, double Latitude, double Longitude);

    /// <summary>Lower-case name as typed -> the ward's name.</summary>
    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(CancellationToken ct) =>
        (await PlacesAsync(ct)).ToDictionary(p => p.Key, p => p.Value.Name);

    public async Task<ResolvedPlace?> ResolveAsync(string name, CancellationToken ct) =>
        (await PlacesAsync(ct)).TryGetValue(name.ToLowerInvariant(), out var place)
            ? new ResolvedPlace(place.Name, "", place.Name, place.Latitude, place.Longitude) : null;

    private async Task<Dictionary<string, Place>> PlacesAsync(CancellationToken ct) =>
        (await cache.GetOrCreateAsync(typeof(GazetteerPlaces), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = PostcodeLookup.CacheFor;
            var wards = await db.Postcodes.AsNoTracking().Where(p => p.WardName != null)
                .GroupBy(p => p.WardName!)
                .Select(g => new { Name = g.Key, Latitude = g.Average(p => p.Latitude), Longitude = g.Average(p => p.Longitude) })
                .ToListAsync(ct);
            var places = new Dictionary<string, Place>();
            foreach (var ward in wards)
            {
                var place = new Place(ward.Name, ward.Latitude, ward.Longitude);
                var typed = string.Join(' ', TextQuery.Words(ward.Name));
                if (typed.Length == 0) continue;
                places[typed] = place;
                // "Drayton and Farlington": "drayton" and "farlington" too; "Portchester East": "portchester".
                foreach (var part in typed.Split(" and "))
                {
                    places.TryAdd(part, place);
                    if (part.Split(' ') is [var first, "east" or "west" or "north" or "south" or "central"]) places.TryAdd(first, place);
                }
            }
            return places;
        }))!;
}
