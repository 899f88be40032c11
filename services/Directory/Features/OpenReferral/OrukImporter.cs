using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Contracts.Directory;
using DirectoryService.Data;
using DirectoryService.Domain;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.OpenReferral;

public sealed record ImportReport(string Publisher, bool CompleteFeed, int Created, int Updated, int Unchanged, int Rejected, int Withdrawn,
    int Restored, IReadOnlyList<string> Problems, IReadOnlyList<ImportOutcome> Records);

/// <summary>One record's fate: created, updated, unchanged, restored, rejected or withdrawn, with reasons and warnings.</summary>
public sealed record ImportOutcome(string? ExternalId, string? Name, string Outcome, Guid? ServiceId, IReadOnlyList<string> Reasons);

/// <summary>
/// Brings another publisher's ORUK services into the directory as listings pending verification. New services are
/// created PendingApproval with a NewListing change in the moderation queue; a changed service that is still pending
/// is updated in place (its queued proposal replaced); a changed published service gets an Edit proposal carrying every
/// field that changed, so nothing from outside goes public unreviewed. Services are matched on (publisher, external
/// id), so a re-import never duplicates. Only a complete feed withdraws the listings it no longer carries, reversibly;
/// a withdrawn listing the publisher lists again is restored.
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
        var localIds = records.Where(r => r.Kind == ImportedRecord.ServiceKind).Select(r => r.LocalId).ToList();
        var withdrawn = (await db.Services.Where(s => localIds.Contains(s.Id) && s.Status == ServiceStatus.WithdrawnByPublisher)
            .Select(s => s.Id).ToListAsync(cancellationToken)).ToHashSet();
        var publisherTerms = await db.Set<PublisherTerm>().Where(t => t.Publisher == publisher).ToDictionaryAsync(t => t.ExternalId, cancellationToken);

        var outcomes = new List<ImportOutcome>();
        var seen = new HashSet<string>();
        var processed = new HashSet<string>();
        foreach (var element in feed.Services)
        {
            var incoming = OrukServiceReader.Read(element, termCodes, feed.Organisations);
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
            // Unchanged records need no listing loaded, unless the publisher had withdrawn it.
            var service = record is null || (record.ContentHash == hash && !withdrawn.Contains(record.LocalId)) ? null
                : await db.Services.Include(s => s.Organisation).SingleOrDefaultAsync(s => s.Id == record.LocalId, cancellationToken);
            // The publisher lists it again: whatever else changed, it is back.
            var restored = service is { Status: ServiceStatus.WithdrawnByPublisher };
            if (restored) service!.RestoreWithdrawn(now);
            if (record is not null && record.ContentHash == hash)
            {
                if (restored) await PublishRestoredAsync(service!, now, cancellationToken);
                outcomes.Add(new(incoming.ExternalId, incoming.Name, restored ? "restored" : "unchanged", record.LocalId, incoming.Warnings));
                continue;
            }

            var organisation = await OrganisationAsync(publisher, incoming.Organisation, byKey, now, cancellationToken);
            var locationIds = new List<Guid>();
            foreach (var location in incoming.Locations)
                locationIds.Add(await LocationAsync(publisher, location, organisation.Id, byKey, now, cancellationToken));
            var carried = PublisherTermsOf(publisher, incoming.PublisherTerms, publisherTerms);
            // A proposal names the publisher's own terms, mapped when it is shown or approved (a mapping may come later);
            // the listing itself (new or pending) takes them as mapped now.
            var proposed = incoming.Details with { LocationIds = locationIds };
            var termIds = carried.Select(t => t.Id).ToList();
            var details = proposed with
            {
                TaxonomyTerms = [.. incoming.Details.TaxonomyTerms.Concat(carried.Select(t => t.MappedCode).OfType<string>()).Distinct()],
            };

            if (service is null)
            {
                service = new Service(Guid.CreateVersion7(), organisation, details, ServiceStatus.PendingApproval, now, by);
                service.RecordPublisherFacts(publisher, incoming.AssuredOn);
                db.Services.Add(service);
                db.ListingChanges.Add(Proposal(service.Id, ChangeKind.NewListing, proposed, termIds, by, now, null));
                LinkTerms(service.Id, carried, []);
                Remember(publisher, ImportedRecord.ServiceKind, incoming.ExternalId, service.Id, hash, byKey, now);
                outcomes.Add(new(incoming.ExternalId, incoming.Name, "created", service.Id, incoming.Warnings));
                continue;
            }

            await SupersedePendingAsync(service.Id, by, now, cancellationToken);
            service.RecordPublisherFacts(publisher, incoming.AssuredOn);
            LinkTerms(service.Id, carried, await db.Set<ServicePublisherTerm>().Where(l => l.ServiceId == service.Id).ToListAsync(cancellationToken));
            if (service.Status == ServiceStatus.PendingApproval)
            {
                service.Apply(details, now);
                db.ListingChanges.Add(Proposal(service.Id, ChangeKind.NewListing, proposed, termIds, by, now, null));
            }
            else
            {
                var changed = service.Details().ChangedFields(details);
                if (changed.Count > 0) db.ListingChanges.Add(Proposal(service.Id, ChangeKind.Edit, proposed, termIds, by, now, changed));
            }
            if (restored) await PublishRestoredAsync(service, now, cancellationToken);
            record!.Refresh(service.Id, hash, now);
            outcomes.Add(new(incoming.ExternalId, incoming.Name, restored ? "restored" : "updated", service.Id,
                service.IsPublished ? ["Changes await a curator's approval.", .. incoming.Warnings] : incoming.Warnings));
        }

        if (feed.Complete)
            foreach (var record in records.Where(r => r.Kind == ImportedRecord.ServiceKind && !seen.Contains(r.ExternalId)))
            {
                var service = await db.Services.SingleOrDefaultAsync(s => s.Id == record.LocalId, cancellationToken);
                if (service is null || service.Status is ServiceStatus.Removed or ServiceStatus.Rejected or ServiceStatus.WithdrawnByPublisher) continue;
                // Withdrawing answers whether the listing was public: readers then stop offering it, until it is restored.
                if (service.WithdrawByPublisher(now))
                    db.Publish(new ServiceSuspended(service.Id, WithdrawnNote, null, now), now);
                outcomes.Add(new(record.ExternalId, service.Name, "withdrawn", service.Id,
                    ["No longer in the publisher's feed: withdrawn until the publisher lists it again or a curator restores it."]));
            }

        await db.SaveChangesAsync(cancellationToken);
        int Count(string outcome) => outcomes.Count(o => o.Outcome == outcome);
        return new ImportReport(publisher, feed.Complete, Count("created"), Count("updated"), Count("unchanged"), Count("rejected"),
            Count("withdrawn"), Count("restored"), feed.Problems, outcomes);
    }

    /// <summary>What readers are told when a publisher's feed drops a listing.</summary>
    public const string WithdrawnNote = "Withdrawn by its publisher.";

    /// <summary>A restored listing that is public again: readers offer it again.</summary>
    private async Task PublishRestoredAsync(Service service, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (service.Status == ServiceStatus.Active) db.Publish(new ServiceReinstated(service.Id, now), now);
        await Services.ListingRecords.PublishUpdatedAsync(db, service, now, cancellationToken);
    }

    /// <summary>The publisher's terms of this listing, each remembered once per publisher (new ones unmapped).</summary>
    private List<PublisherTerm> PublisherTermsOf(string publisher, IReadOnlyList<IncomingTerm> incoming, Dictionary<string, PublisherTerm> known)
    {
        var carried = new List<PublisherTerm>();
        foreach (var term in incoming.DistinctBy(t => t.ExternalId))
        {
            if (!known.TryGetValue(term.ExternalId, out var kept))
            {
                kept = new PublisherTerm(publisher, term);
                db.Set<PublisherTerm>().Add(kept);
                known[term.ExternalId] = kept;
            }
            else if (kept.Name != term.Name || kept.Vocabulary != term.Vocabulary) kept.Rename(term);
            carried.Add(kept);
        }
        return carried;
    }

    private void LinkTerms(Guid serviceId, List<PublisherTerm> carried, List<ServicePublisherTerm> linked)
    {
        var ids = carried.Select(t => t.Id).ToHashSet();
        db.Set<ServicePublisherTerm>().RemoveRange(linked.Where(l => !ids.Contains(l.PublisherTermId)));
        db.Set<ServicePublisherTerm>().AddRange(ids.Except(linked.Select(l => l.PublisherTermId)).Select(id => new ServicePublisherTerm(serviceId, id)));
    }

    /// <summary>
    /// The local organisation for the publisher's one. An organisation the feed names nowhere becomes a placeholder
    /// (one per publisher and organisation id) for a curator to name; a later import that gives its name names it,
    /// unless a curator already has.
    /// </summary>
    private async Task<Organisation> OrganisationAsync(string publisher, IncomingOrganisation incoming,
        Dictionary<(string, string), ImportedRecord> byKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (byKey.TryGetValue((ImportedRecord.OrganisationKind, incoming.ExternalId), out var record)
            // Find looks among the tracked first, without the change detection DbSet.Local runs on every read.
            && await db.Organisations.FindAsync([record.LocalId], cancellationToken) is { } known)
        {
            if (known.IsPlaceholder && incoming.Name is not null)
                known.Update(incoming.Name, incoming.Description, incoming.Email, incoming.Website, incoming.Phone);
            return known;
        }
        var organisation = incoming.Name is null
            ? Organisation.Placeholder(Guid.CreateVersion7(), publisher, incoming.ExternalId)
            : new Organisation(Guid.CreateVersion7(), incoming.Name, incoming.Description, incoming.Email, incoming.Website, incoming.Phone);
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

    private static ListingChange Proposal(Guid serviceId, ChangeKind kind, ServiceDetails details, List<Guid> publisherTermIds, string by,
        DateTimeOffset now, IReadOnlyList<string>? carriedFields) =>
        new(Guid.CreateVersion7(), serviceId, kind, JsonSerializer.Serialize(details, ProposalJson), by, now, carriedFields, publisherTermIds);

    private static string Hash(JsonElement element) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(element.GetRawText())));
}
