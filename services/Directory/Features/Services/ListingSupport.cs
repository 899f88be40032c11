using System.Text.Json;
using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Domain;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Services;

/// <summary>Who may do what to a listing. Unpublished listings are hidden (404) from anyone who may not edit them.</summary>
public static class ListingAccess
{
    public static bool CanEdit(this CurrentUser user, Guid organisationId) => user.IsCurator() || user.IsStaffOf(organisationId);

    /// <summary>Throws 404 for an unpublished listing the caller may not see, 403 for a published one they may not edit.</summary>
    public static void EnsureCanEdit(this CurrentUser user, Service service)
    {
        if (user.CanEdit(service.OrganisationId)) return;
        if (!service.IsPublished) throw new NotFoundException("Service", service.Id);
        throw new ForbiddenException("Only the organisation's own staff or a curator can change this listing.");
    }

    public static void EnsureCanEdit(this CurrentUser user, Guid organisationId, string what)
    {
        if (!user.CanEdit(organisationId))
            throw new ForbiddenException($"Only the organisation's own staff or a curator can change {what}.");
    }
}

/// <summary>Checks a listing's references against the database: unknown taxonomy codes or locations are a 422 naming each.</summary>
public static class ListingReferences
{
    public static async Task EnsureExistAsync(DirectoryDb db, ServiceDetails details, Guid organisationId,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var codes = details.TaxonomyTerms.Distinct().ToList();
        var known = await db.TaxonomyTerms.Where(t => codes.Contains(t.Code) && !t.Retired).Select(t => t.Code).ToListAsync(cancellationToken);
        for (var i = 0; i < details.TaxonomyTerms.Count; i++)
            if (!known.Contains(details.TaxonomyTerms[i]))
                errors[$"taxonomyTerms[{i}]"] = [$"Unknown (or retired) taxonomy term '{details.TaxonomyTerms[i]}'."];

        var ids = details.LocationIds.Distinct().ToList();
        // A listing may use its own organisation's locations or shared ones (no organisation, e.g. a library).
        var usable = await db.Locations.Where(l => ids.Contains(l.Id) && (l.OrganisationId == null || l.OrganisationId == organisationId))
            .Select(l => l.Id).ToListAsync(cancellationToken);
        for (var i = 0; i < details.LocationIds.Count; i++)
            if (!usable.Contains(details.LocationIds[i]))
                errors[$"locationIds[{i}]"] = [$"No location '{details.LocationIds[i]}' that this organisation can use."];

        if (errors.Count > 0)
            throw new RuleViolationException("The listing refers to taxonomy terms or locations that do not exist.", errors);
    }
}

/// <summary>The record every applied change leaves: a version-history entry, and the event consumers need.</summary>
public static class ListingRecords
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void AddVersion(DirectoryDb db, Service service, CurrentUser by, string summary, DateTimeOffset at) =>
        AddVersion(db, service, by.InHistory, summary, at);

    /// <param name="by">Who, as the history shows it ("Sam Curator (curator)", "automatic: planned end reached").</param>
    public static void AddVersion(DirectoryDb db, Service service, string by, string summary, DateTimeOffset at) =>
        db.ServiceVersions.Add(new ServiceVersion(service.Id, service.Version, by.Length > 200 ? by[..200] : by, at,
            summary.Length > 500 ? summary[..500] : summary, Snapshot(service)));

    public static string Snapshot(Service service) => JsonSerializer.Serialize(new
    {
        Status = service.Status.ToString(), Details = service.Details(), service.Capacity,
        service.SuspensionNote, service.SuspensionAlternative, service.SuspendedUntil, service.CrisisId,
    }, Json);

    /// <summary>The places the listing runs at, including locations added in this unit of work (not yet saved).</summary>
    public static async Task<IReadOnlyCollection<Location>> LocationsAsync(DirectoryDb db, Service service, CancellationToken cancellationToken)
    {
        var ids = service.Locations.Select(l => l.LocationId).ToList();
        var saved = await db.Locations.Where(l => ids.Contains(l.Id)).ToListAsync(cancellationToken);
        return [.. saved.Concat(db.Locations.Local).DistinctBy(l => l.Id)];
    }

    /// <summary>Publishes ServiceUpdated for a published listing whose shown details changed.</summary>
    public static async Task PublishUpdatedAsync(DirectoryDb db, Service service, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!service.IsPublished) return;
        db.Publish(service.Updated(await LocationsAsync(db, service, cancellationToken), at), at);
    }

    public static string Describe(IEnumerable<string> fields) => string.Join(", ", fields);
}
