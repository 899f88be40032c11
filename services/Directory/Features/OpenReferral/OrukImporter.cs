using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Contracts.Directory;
using DirectoryService.Data;
using DirectoryService.Domain;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.OpenReferral;

public sealed record ImportReport(string Publisher, bool CompleteFeed, int Created, int Updated, int Unchanged, int Rejected, int Removed,
    IReadOnlyList<ImportOutcome> Records);

/// <summary>One record's fate: created, updated, unchanged, rejected or removed, with reasons and warnings.</summary>
public sealed record ImportOutcome(string? ExternalId, string? Name, string Outcome, Guid? ServiceId, IReadOnlyList<string> Reasons);

/// <summary>
/// Brings another publisher's ORUK services into the directory as listings pending verification. New services are
/// created PendingApproval with a NewListing change in the moderation queue; a changed service that is still pending
/// is updated in place (its queued proposal replaced); a changed published service gets an Edit proposal for a
/// curator, so nothing from outside goes public unreviewed. Services are matched on (publisher, external id), so a
/// re-import never duplicates; when the feed was read whole, services no longer in it are removed.
/// </summary>
public sealed class OrukImporter(DirectoryDb db, TimeProvider clock)
{
    private static readonly JsonSerializerOptions ProposalJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public async Task<ImportReport> ImportAsync(OrukFeed feed, string by, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var publisher = feed.Publisher;
        var records = await db.Set<ImportedRecord>().Where(r => r.Publisher == publisher).ToListAsync(cancellationToken);
        var byKey = records.ToDictionary(r => (r.Kind, r.ExternalId));
        var terms = await db.TaxonomyTerms.AsNoTracking().ToListAsync(cancellationToken);
        var termCodes = new Dictionary<string, string>();
        foreach (var t in terms)
        {
            termCodes.TryAdd(t.Name.ToLowerInvariant(), t.Code);
            termCodes.TryAdd(t.Code.ToLowerInvariant(), t.Code);
            termCodes[t.Id.ToString()] = t.Code;
        }

        var outcomes = new List<ImportOutcome>();
        var seen = new HashSet<string>();
        var processed = new HashSet<string>();
        foreach (var element in feed.Services)
        {
            var incoming = OrukServiceReader.Read(element, termCodes);
            if (incoming.ExternalId.Length > 0) seen.Add(incoming.ExternalId);
            if (incoming.Rejections.Count > 0)
            {
                outcomes.Add(new(incoming.ExternalId, incoming.Name, "rejected", null, [.. incoming.Rejections, .. incoming.Warnings]));
                continue;
            }
            if (!processed.Add(incoming.ExternalId))
            {
                outcomes.Add(new(incoming.ExternalId, incoming.Name, "rejected", null, ["The same id appears twice in the feed."]));
                continue;
            }

            var hash = Hash(element);
            byKey.TryGetValue((ImportedRecord.ServiceKind, incoming.ExternalId), out var record);
            if (record is not null && record.ContentHash == hash)
            {
                outcomes.Add(new(incoming.ExternalId, incoming.Name, "unchanged", record.LocalId, incoming.Warnings));
                continue;
            }

            var organisation = await OrganisationAsync(publisher, incoming.Organisation, byKey, now, cancellationToken);
            var locationIds = new List<Guid>();
            foreach (var location in incoming.Locations)
                locationIds.Add(await LocationAsync(publisher, location, organisation.Id, byKey, now, cancellationToken));
            var details = incoming.Details with { LocationIds = locationIds };

            var service = record is null ? null : await db.Services.SingleOrDefaultAsync(s => s.Id == record.LocalId, cancellationToken);
            if (service is null)
            {
                service = new Service(Guid.CreateVersion7(), organisation, details, ServiceStatus.PendingApproval, now, by);
                db.Services.Add(service);
                db.ListingChanges.Add(Proposal(service.Id, ChangeKind.NewListing, details, by, now));
                Remember(publisher, ImportedRecord.ServiceKind, incoming.ExternalId, service.Id, hash, byKey, now);
                outcomes.Add(new(incoming.ExternalId, incoming.Name, "created", service.Id, incoming.Warnings));
                continue;
            }

            await SupersedePendingAsync(service.Id, by, now, cancellationToken);
            if (service.Status == ServiceStatus.PendingApproval)
            {
                service.Apply(details, now);
                db.ListingChanges.Add(Proposal(service.Id, ChangeKind.NewListing, details, by, now));
            }
            else db.ListingChanges.Add(Proposal(service.Id, ChangeKind.Edit, details, by, now));
            record!.Refresh(service.Id, hash, now);
            outcomes.Add(new(incoming.ExternalId, incoming.Name, "updated", service.Id,
                service.IsPublished ? ["Changes await a curator's approval.", .. incoming.Warnings] : incoming.Warnings));
        }

        if (feed.Complete)
            foreach (var record in records.Where(r => r.Kind == ImportedRecord.ServiceKind && !seen.Contains(r.ExternalId)))
            {
                var service = await db.Services.SingleOrDefaultAsync(s => s.Id == record.LocalId, cancellationToken);
                if (service is null || service.Status is ServiceStatus.Removed or ServiceStatus.Rejected) continue;
                // Remove answers whether the listing was public, which is when the other services must hear of it.
                if (service.Remove(now)) db.Publish(new ServiceRemoved(service.Id, now), now);
                outcomes.Add(new(record.ExternalId, service.Name, "removed", service.Id, ["No longer in the publisher's feed."]));
            }

        await db.SaveChangesAsync(cancellationToken);
        int Count(string outcome) => outcomes.Count(o => o.Outcome == outcome);
        return new ImportReport(publisher, feed.Complete, Count("created"), Count("updated"), Count("unchanged"), Count("rejected"),
            Count("removed"), outcomes);
    }

    private async Task<Organisation> OrganisationAsync(string publisher, IncomingOrganisation incoming,
        Dictionary<(string, string), ImportedRecord> byKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (byKey.TryGetValue((ImportedRecord.OrganisationKind, incoming.ExternalId), out var record)
            && (db.Organisations.Local.FirstOrDefault(o => o.Id == record.LocalId)
                ?? await db.Organisations.SingleOrDefaultAsync(o => o.Id == record.LocalId, cancellationToken)) is { } known)
            return known;
        var organisation = new Organisation(Guid.CreateVersion7(), incoming.Name, incoming.Description, incoming.Email, incoming.Website, incoming.Phone);
        db.Organisations.Add(organisation);
        Remember(publisher, ImportedRecord.OrganisationKind, incoming.ExternalId, organisation.Id, "", byKey, now);
        return organisation;
    }

    /// <summary>Locations are immutable here: a changed one is added anew and the record points at the new row.</summary>
    private async Task<Guid> LocationAsync(string publisher, IncomingLocation incoming, Guid organisationId,
        Dictionary<(string, string), ImportedRecord> byKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var hash = Hash(JsonSerializer.SerializeToElement(incoming));
        if (byKey.TryGetValue((ImportedRecord.LocationKind, incoming.ExternalId), out var record) && record.ContentHash == hash)
            return record.LocalId;
        var (latitude, longitude, ward) = (incoming.Latitude, incoming.Longitude, (string?)null);
        if (incoming.Postcode is not null)
        {
            var code = Postcode.Normalise(incoming.Postcode);
            if (await db.Postcodes.AsNoTracking().SingleOrDefaultAsync(p => p.Code == code, cancellationToken) is { } known)
                (latitude, longitude, ward) = (latitude ?? known.Latitude, longitude ?? known.Longitude, known.WardName);
        }
        var location = new Location(Guid.CreateVersion7(), organisationId, incoming.Name, incoming.Address1, incoming.City,
            incoming.Postcode, latitude, longitude, ward, incoming.Accessibility);
        db.Locations.Add(location);
        if (record is null) Remember(publisher, ImportedRecord.LocationKind, incoming.ExternalId, location.Id, hash, byKey, now);
        else record.Refresh(location.Id, hash, now);
        return location.Id;
    }

    /// <summary>An earlier import's proposal still waiting for a curator is replaced by the newer one.</summary>
    private async Task SupersedePendingAsync(Guid serviceId, string by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var pending = await db.ListingChanges
            .Where(c => c.ServiceId == serviceId && c.Decision == ChangeDecision.Pending && c.ProposedBy == by)
            .ToListAsync(cancellationToken);
        foreach (var change in pending) change.Decide(false, by, "Superseded by a newer import.", now);
    }

    private void Remember(string publisher, string kind, string externalId, Guid localId, string hash,
        Dictionary<(string, string), ImportedRecord> byKey, DateTimeOffset now)
    {
        var record = new ImportedRecord(publisher, kind, externalId, localId, hash, now);
        db.Set<ImportedRecord>().Add(record);
        byKey[(kind, externalId)] = record;
    }

    private static ListingChange Proposal(Guid serviceId, ChangeKind kind, ServiceDetails details, string by, DateTimeOffset now) =>
        new(Guid.CreateVersion7(), serviceId, kind, JsonSerializer.Serialize(details, ProposalJson), by, now);

    private static string Hash(JsonElement element) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(element.GetRawText())));
}
