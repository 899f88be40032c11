using BuildingBlocks.Persistence;
using System.Globalization;
using DirectoryService.Data;
using DirectoryService.Data.Seed;
using DirectoryService.Domain;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.OpenReferral;

/// <summary>
/// The reference data a mapping needs besides the listing itself: taxonomy terms by code and locations by id.
/// Taxonomies are small (tens of terms) so they are read whole per request.
/// </summary>
public sealed class OrukCatalogue(IReadOnlyDictionary<string, TaxonomyTerm> termsByCode,
    IReadOnlyDictionary<Guid, Taxonomy> taxonomies, IReadOnlyDictionary<Guid, Location> locations)
{
    public IReadOnlyDictionary<string, TaxonomyTerm> TermsByCode => termsByCode;
    public IReadOnlyDictionary<Guid, Taxonomy> Taxonomies => taxonomies;
    public IReadOnlyDictionary<Guid, Location> Locations => locations;

    public static async Task<OrukCatalogue> LoadAsync(DirectoryDb db, IEnumerable<Service> services, CancellationToken cancellationToken)
    {
        var locationIds = services.SelectMany(s => s.Locations.Select(l => l.LocationId)).Distinct().ToList();
        var terms = await db.TaxonomyTerms.AsNoTracking().ToDictionaryAsync(t => t.Code, cancellationToken);
        var taxonomies = await db.Taxonomies.AsNoTracking().ToDictionaryAsync(t => t.Id, cancellationToken);
        var locations = await db.Locations.AsNoTracking().Where(l => locationIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, cancellationToken);
        return new OrukCatalogue(terms, taxonomies, locations);
    }
}

/// <summary>
/// Our listing model as ORUK 3.0 objects. Child objects we do not store with an id of their own (schedules,
/// addresses, languages...) get name-based UUIDs derived from their parent, so they are stable between calls.
/// </summary>
public static class OrukMapper
{
    public static string Status(ServiceStatus status) => status switch
    {
        ServiceStatus.Active => "active",
        ServiceStatus.Suspended => "temporarily closed",
        ServiceStatus.PendingApproval => "inactive",
        _ => "defunct",
    };

    public static OrukOrganization Organization(Organisation o) => new(o.Id, o.Name, o.Description ?? "", o.Email, o.Website,
        o.Phone is null ? null : [new OrukPhone(ChildId(o.Id, "phone", 0), o.Phone, OrganizationId: o.Id)]);

    /// <summary>The one-to-one fields only, as the list endpoints return them (compiled/service_list.json).</summary>
    public static OrukService Summary(Service s) => Summary(s, s.Organisation);

    public static OrukService Summary(Service s, Organisation organisation) => new(
        s.Id, s.OrganisationId, s.Name, s.Description ?? s.Summary, s.Url, s.Contact.Email, Status(s.Status), s.Cost.Description,
        s.Eligibility.MinimumAge, s.Eligibility.MaximumAge, s.Eligibility.Description,
        AssuredDate(s), Alert(s), LastModified(s),
        Organization(organisation));

    /// <summary>
    /// When a published field last changed: the listing's last change, or its last confirmation when later (that
    /// moves assured_date). modified_after filters on the same instant (OrukServiceFilter).
    /// </summary>
    public static DateTimeOffset LastModified(Service s) => s.LastVerifiedAt > s.UpdatedAt ? s.LastVerifiedAt : s.UpdatedAt;

    /// <summary>The fully nested service (compiled/service.json).</summary>
    public static OrukService Full(Service s, OrukCatalogue catalogue) => Full(s, s.Organisation, catalogue);

    public static OrukService Full(Service s, Organisation organisation, OrukCatalogue catalogue) => Summary(s, organisation) with
    {
        Schedules = [.. s.Schedules.Select((schedule, i) => Schedule(s, schedule, i))],
        // Child lists in a fixed order (rows come back in any order), so the same listing is published the same way.
        ServiceAtLocations = [.. s.Locations
            .Where(link => catalogue.Locations.ContainsKey(link.LocationId)).OrderBy(link => link.Id)
            .Select(link => new OrukServiceAtLocation(link.Id, s.Id, link.LocationId, Location(catalogue.Locations[link.LocationId], full: true), null))],
        Languages = [.. s.Languages.Select((name, i) => new OrukLanguage(ChildId(s.Id, "language", i), s.Id, name, LanguageCode(name)))],
        CostOptions = [CostOption(s)],
        Contacts =
        [
            .. s.Contact is { Name: null, Email: null } && !s.Contact.AllPhones().Any() ? [] : new[]
            {
                new OrukContact(ChildId(s.Id, "contact", 0), s.Id, s.Contact.Name, s.Contact.Email,
                    [.. s.Contact.AllPhones().Select((p, i) => Phone(ChildId(s.Id, "contact-phone", i), p) with { ContactId = ChildId(s.Id, "contact", 0) })]),
            },
            // The person who welcomes newcomers is the one thing of the first visit the profile has a place for: a contact's name and title.
            .. s.WelcomedBy is { } welcomer ? new[] { new OrukContact(ChildId(s.Id, "welcomer", 0), s.Id, welcomer, null, null, WelcomerTitle) } : [],
        ],
        // The same numbers on the service itself, for readers that look there (an importer reading both keeps each once).
        Phones = [.. s.Contact.AllPhones().Select((p, i) => Phone(ChildId(s.Id, "phone", i), p) with { ServiceId = s.Id })],
        Attributes = [.. s.Terms.Where(t => catalogue.TermsByCode.ContainsKey(t.TermCode)).OrderBy(t => t.TermCode, StringComparer.Ordinal).Select(t => Attribute(s.Id, catalogue.TermsByCode[t.TermCode], catalogue))],
    };

    public static OrukServiceAtLocation ServiceAtLocation(ServiceAtLocation link, Service s, Organisation organisation, Location location,
        OrukCatalogue? catalogue) =>
        new(link.Id, s.Id, location.Id, Location(location, full: catalogue is not null),
            catalogue is null ? Summary(s, organisation) : Full(s, organisation, catalogue));

    public static OrukLocation Location(Location l, bool full) => new(
        l.Id, "physical", l.Name, l.Ward is null ? null : $"{l.Name}, {l.Ward} ward", l.Latitude, l.Longitude,
        !full ? null : l.Address1 is null || l.Postcode is null ? [] :
            [new OrukAddress(ChildId(l.Id, "address", 0), l.Id, l.Address1, l.City ?? "", "", l.Postcode, "GB", "physical")],
        !full ? null : [.. l.Accessibility.Select((a, i) => new OrukAccessibility(ChildId(l.Id, "accessibility", i), l.Id, Humanise(a)))]);

    private static OrukPhone Phone(Guid id, PhoneNumber phone) => new(id, phone.Number, Extension: phone.Extension, Type: phone.Type,
        Description: phone.Description,
        Languages: phone.Languages is { Count: > 0 } languages
            ? [.. languages.Select((name, i) => new OrukPhoneLanguage(ChildId(id, "language", i), id, name, LanguageCode(name)))]
            : null);

    public static OrukTaxonomyTerm Term(TaxonomyTerm t, OrukCatalogue catalogue) => Term(t,
        catalogue.Taxonomies.TryGetValue(t.TaxonomyId, out var taxonomy) ? taxonomy.Name : null);

    public static OrukTaxonomyTerm Term(TaxonomyTerm t, string? taxonomyName) =>
        new(t.Id, t.Name, t.Description ?? "", t.ParentId, taxonomyName, t.TaxonomyId, t.Code);

    public static OrukTaxonomy Taxonomy(Taxonomy t) => new(t.Id, t.Name, t.Description ?? "");

    private static OrukAttribute Attribute(Guid serviceId, TaxonomyTerm term, OrukCatalogue catalogue) =>
        new(ChildId(serviceId, $"attribute-{term.Code}", 0), serviceId, "service", "service", term.Id, Term(term, catalogue));

    private static OrukCostOption CostOption(Service s) => s.Cost.IsFree
        ? new(ChildId(s.Id, "cost", 0), s.Id, s.Cost.Description ?? "Free", 0m, "Free", s.Cost.Currency ?? "GBP")
        : new(ChildId(s.Id, "cost", 0), s.Id, s.Cost.Description, s.Cost.Amount, s.Cost.Description, s.Cost.Currency);

    private static OrukSchedule Schedule(Service s, Schedule schedule, int index)
    {
        var once = schedule.Frequency == Frequency.Once;
        var byDay = schedule.Frequency == Frequency.Monthly && schedule.BySetPosition is { } position
            ? string.Join(',', schedule.ByDay.Select(d => $"{position}{DayCode(d)}"))
            : string.Join(',', schedule.ByDay.Select(DayCode));
        return new OrukSchedule(ChildId(s.Id, "schedule", index), s.Id,
            once ? null : schedule.Frequency == Frequency.Weekly ? "WEEKLY" : "MONTHLY",
            once ? null : schedule.Interval,
            byDay.Length == 0 ? null : byDay,
            schedule.ByMonthDay?.ToString(CultureInfo.InvariantCulture),
            Date(once ? schedule.Date : schedule.FirstSession),
            Date(once ? schedule.Date : schedule.ValidFrom),
            Date(once ? schedule.Date : schedule.ValidTo),
            schedule.OpensAt?.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            schedule.ClosesAt?.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            schedule.Description,
            s.AttendingType switch { AttendingType.Online => "online", AttendingType.Phone => "phone", _ => "in-person" },
            schedule.TermTimeOnly ? TermTimeOnlyNote : null);
    }

    /// <summary>An imported listing's assured date is its publisher's (the hub's own checks are its verified facts).</summary>
    private static string AssuredDate(Service s) =>
        s.PublisherAssuredOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? s.LastVerifiedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The title of the contact that names who welcomes newcomers (<see cref="Service.WelcomedBy"/>); an import reads a
    /// contact with this title back as that, not as the listing's contact.
    /// </summary>
    public const string WelcomerTitle = "Welcomes newcomers";

    /// <summary>ORUK has no term-time field: the flag travels as this note, and an import reads it back.</summary>
    public const string TermTimeOnlyNote = "Term time only";

    private static string? Alert(Service s) => s.Status != ServiceStatus.Suspended ? null
        : s.SuspensionAlternative is null ? s.SuspensionNote : $"{s.SuspensionNote} {s.SuspensionAlternative}";

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string DayCode(DayOfWeek day) => day.ToString()[..2].ToUpperInvariant();

    public static Guid ChildId(Guid parent, string kind, int index) => StableId.From($"{parent:N}/{kind}/{index}");

    private static string Humanise(string code) => code.Length == 0 ? code : char.ToUpperInvariant(code[0]) + code[1..].Replace('-', ' ');

    // ISO 639 codes for the languages our listings use; others are published by name only.
    private static readonly Dictionary<string, string> LanguageCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["English"] = "en", ["Welsh"] = "cy", ["Bengali"] = "bn", ["Arabic"] = "ar", ["Polish"] = "pl", ["Nepali"] = "ne",
        ["Ukrainian"] = "uk", ["Urdu"] = "ur", ["Punjabi"] = "pa", ["Romanian"] = "ro", ["British Sign Language"] = "bfi",
    };

    public static string? LanguageCode(string name) => LanguageCodes.GetValueOrDefault(name);

    public static string? LanguageName(string code) => LanguageCodes.FirstOrDefault(kv => kv.Value.Equals(code, StringComparison.OrdinalIgnoreCase)).Key;
}
