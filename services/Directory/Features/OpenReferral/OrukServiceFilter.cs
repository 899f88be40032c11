using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Search;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.OpenReferral;

/// <summary>
/// The published services the filters leave and, when there is a search, the search engine's order of them
/// (each service's position in it).
/// </summary>
public sealed record OrukSelection(IQueryable<Service> Services, IReadOnlyDictionary<Guid, int>? Rank);

/// <summary>
/// The service filters of /services and /service_at_locations, combined with AND, over published listings only.
/// search goes through the directory's own search engine (<see cref="SearchEngine"/>: stemming, synonyms, spelling
/// corrections, ranking), the same as the search API's; the schedule filters require one schedule to meet all of
/// day, start_time and end_time, and run over the listings the SQL filters left, because schedules are stored with
/// their listing as JSON.
/// </summary>
public static class OrukServiceFilter
{
    public static async Task<OrukSelection> ApplyAsync(DirectoryDb db, SearchEngine engine, OrukParameters p, CancellationToken cancellationToken)
    {
        var services = db.Services.AsNoTracking()
            .Where(s => s.Status == ServiceStatus.Active || s.Status == ServiceStatus.Suspended);

        Dictionary<Guid, int>? rank = null;
        if (p.SearchText is { } text)
        {
            var ranked = await engine.RankAsync(text, cancellationToken);
            rank = ranked.Select((id, position) => (id, position)).ToDictionary(r => r.id, r => r.position);
            var matches = ranked.ToList();
            services = services.Where(s => matches.Contains(s.Id));
        }
        if (p.OrganisationId is { } organisationId)
            services = services.Where(s => s.OrganisationId == organisationId);
        // The instant published as last_modified (OrukMapper.LastModified): the later of the last change and the last
        // confirmation, which moves assured_date.
        if (p.ModifiedSince is { } since)
            services = services.Where(s => s.UpdatedAt >= since || s.LastVerifiedAt >= since);
        if (p.TermId is { } termId)
        {
            var code = await db.TaxonomyTerms.Where(t => t.Id == termId).Select(t => t.Code).FirstOrDefaultAsync(cancellationToken);
            services = services.Where(s => s.Terms.Any(t => t.TermCode == code));
        }
        if (p.VocabularyId is { } taxonomyId)
        {
            var codes = await db.TaxonomyTerms.Where(t => t.TaxonomyId == taxonomyId).Select(t => t.Code).ToListAsync(cancellationToken);
            services = services.Where(s => s.Terms.Any(t => codes.Contains(t.TermCode)));
        }
        // As the profile words them: "a minimum age of at least" and "a maximum age equal to or below" the value.
        if (p.MinAge is { } minimumAge)
            services = services.Where(s => s.Eligibility.MinimumAge != null && s.Eligibility.MinimumAge >= minimumAge);
        if (p.MaxAge is { } maximumAge)
            services = services.Where(s => s.Eligibility.MaximumAge != null && s.Eligibility.MaximumAge <= maximumAge);

        if (p.HasScheduleFilter)
        {
            var candidates = await services.Select(s => new { s.Id, s.Schedules }).ToListAsync(cancellationToken);
            var matching = candidates.Where(c => c.Schedules.Any(schedule => Matches(schedule, p))).Select(c => c.Id).ToList();
            services = services.Where(s => matching.Contains(s.Id));
        }
        return new OrukSelection(services, rank);
    }

    public static bool Matches(Schedule schedule, OrukParameters p)
    {
        if (p.DayOfWeek is { } day && !RunsOn(schedule, day)) return false;
        if (p.Start is { } start && !(schedule.OpensAt is { } opens && opens >= start)) return false;
        if (p.End is { } end && !(schedule.ClosesAt is { } closes && closes <= end)) return false;
        return true;
    }

    private static bool RunsOn(Schedule schedule, DayOfWeek day) => schedule.Frequency switch
    {
        Frequency.Once => schedule.Date?.DayOfWeek == day,
        _ => schedule.ByDay.Contains(day),
    };

    /// <summary>The centroid of a postcode from the gazetteer; an unknown postcode is a 400 naming the parameter.</summary>
    public static async Task<Postcode> LocateAsync(DirectoryDb db, string postcode, CancellationToken cancellationToken)
    {
        var code = Postcode.Normalise(postcode);
        return await db.Postcodes.AsNoTracking().SingleOrDefaultAsync(p => p.Code == code, cancellationToken)
            ?? throw new ValidationException([new ValidationFailure("postcode", $"The postcode '{postcode}' is not in this directory's gazetteer.")]);
    }

    /// <summary>Great-circle distance in metres (haversine).</summary>
    public static double DistanceMetres(double lat1, double lon1, double lat2, double lon2)
    {
        const double earthRadius = 6_371_000;
        var dLat = double.DegreesToRadians(lat2 - lat1);
        var dLon = double.DegreesToRadians(lon2 - lon1);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(double.DegreesToRadians(lat1)) * Math.Cos(double.DegreesToRadians(lat2))
            * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * earthRadius * Math.Asin(Math.Sqrt(a));
    }
}
