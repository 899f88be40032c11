using BuildingBlocks.Time;
using BuildingBlocks.Auth;
using BuildingBlocks.Web;
using Contracts.Directory;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Features.Freshness;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Services;

/// <summary>
/// A full listing. Published listings are public; unpublished ones (pending, rejected, removed) only to the
/// organisation's staff and curators, and 404 to everyone else.
/// </summary>
public static class GetService
{
    /// <param name="Languages">The reader's languages, best first (Accept-Language): the text is in the first one the listing has.</param>
    public sealed record Query(Guid Id, IReadOnlyList<string>? Languages = null) : IQuery<Result>;

    public sealed record Result(
        Guid Id, OrganisationRef Organisation, string Name, string? Summary, string? Description, string? Url,
        ServiceStatus Status, AttendingType AttendingType, Eligibility Eligibility, Cost Cost, AccessMethods Access,
        Capacity Capacity, Contact Contact, IReadOnlyList<string> Languages, IReadOnlyList<string> Accessibility,
        IReadOnlyList<TermRef> Taxonomy, IReadOnlyList<LocationView> Locations, IReadOnlyList<ScheduleView> Schedules,
        DateTimeOffset LastVerified, bool Stale, Suspension? Suspension, int Version, DateTimeOffset UpdatedAt, Provenance Provenance,
        string? GettingThere, string? FirstVisit, string? WelcomedBy,
        string Language = ReaderLanguage.English, IReadOnlyList<string>? TranslatedFields = null,
        IReadOnlyList<ListingTranslation>? Translations = null)
    {
        /// <summary>Kept for existing readers of the first version of this endpoint.</summary>
        public Guid OrganisationId => Organisation.Id;
        public string OrganisationName => Organisation.Name;
        public ReferralAcceptance AcceptingReferrals => Capacity.AcceptingReferrals;
    }

    // Language: the language of the text fields translated for the reader ("en" when none is); TranslatedFields: which
    // of name, summary, description, gettingThere and firstVisit are in it (the others are the English).
    // Translations: every language the listing has, as its editors keep them.

    public sealed record OrganisationRef(Guid Id, string Name);
    public sealed record TermRef(string Code, string Name);
    public sealed record LocationView(Guid Id, string Name, string? Address1, string? City, string? Postcode,
        double? Latitude, double? Longitude, string? Ward, IReadOnlyList<string> Accessibility);
    public sealed record ScheduleView(Frequency Frequency, IReadOnlyList<DayOfWeek> ByDay, int? ByMonthDay, int? BySetPosition,
        DateOnly? Date, TimeOnly? OpensAt, TimeOnly? ClosesAt, DateOnly? ValidFrom, DateOnly? ValidTo, string? Description,
        int Interval, DateOnly? FirstSession, bool TermTimeOnly, DateTime? NextSession);
    public sealed record Suspension(string Note, string? Alternative, DateTimeOffset? Since);
    /// <summary>Where the facts come from: an imported listing's publisher and its assured date, and which fields the hub checked itself.</summary>
    public sealed record Provenance(string? ImportedFrom, DateOnly? PublisherAssuredOn, IReadOnlyList<VerifiedFact> VerifiedByHub);

    internal sealed class Handler(DirectoryDb db, CurrentUser user, TimeProvider clock, FreshnessSettings freshness)
        : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var service = await db.Services.AsNoTracking().Include(s => s.Organisation)
                              .SingleOrDefaultAsync(s => s.Id == query.Id, cancellationToken)
                          ?? throw new NotFoundException("Service", query.Id);
            if (!service.IsPublished && !user.CanEdit(service.OrganisationId)) throw new NotFoundException("Service", query.Id);

            var locationIds = service.Locations.Select(l => l.LocationId).ToList();
            var locations = await db.Locations.AsNoTracking().Where(l => locationIds.Contains(l.Id)).ToListAsync(cancellationToken);
            var codes = service.Terms.Select(t => t.TermCode).ToList();
            var terms = await db.TaxonomyTerms.AsNoTracking().Where(t => codes.Contains(t.Code))
                .Select(t => new TermRef(t.Code, t.Name)).ToListAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var localNow = UkTime.Local(now);
            var text = Translated.For(service, query.Languages ?? []);

            return new Result(service.Id, new OrganisationRef(service.OrganisationId, service.Organisation.Name), text.Name,
                text.Summary, text.Description, service.Url, service.Status, service.AttendingType, service.Eligibility,
                service.Cost, service.Access, service.Capacity, service.Contact, service.Languages,
                [.. locations.SelectMany(l => l.Accessibility).Distinct()],
                [.. terms.OrderBy(t => t.Name)],
                [.. locations.OrderBy(l => l.Name).Select(l => new LocationView(l.Id, l.Name, l.Address1, l.City, l.Postcode,
                    l.Latitude, l.Longitude, l.Ward, l.Accessibility))],
                [.. service.Schedules.Select(s => new ScheduleView(s.Frequency, s.ByDay, s.ByMonthDay, s.BySetPosition, s.Date,
                    s.OpensAt, s.ClosesAt, s.ValidFrom, s.ValidTo, s.Description, s.Interval, s.FirstSession, s.TermTimeOnly,
                    s.NextOccurrence(localNow)))],
                service.LastVerifiedAt, service.IsStale(now, freshness.VerifyEvery),
                service.SuspensionNote is { } note ? new Suspension(note, service.SuspensionAlternative, service.SuspendedAt) : null,
                service.Version, service.UpdatedAt,
                new Provenance(service.ImportedFrom, service.PublisherAssuredOn, service.VerifiedFacts),
                text.GettingThere, text.FirstVisit, service.WelcomedBy,
                text.Language, text.Fields, [.. service.Translations.OrderBy(t => t.Language, StringComparer.Ordinal).Select(t => t.ToText())]);
        }
    }

    internal static async Task<IResult> Endpoint(Guid id, HttpContext http, Sender mediator, CancellationToken cancellationToken)
    {
        // The text depends on the reader's languages: a cache must keep one copy per Accept-Language.
        http.Response.Headers.Append("Vary", "Accept-Language");
        return Results.Ok(await mediator.Send(new Query(id, ReaderLanguage.FromHeader(http.Request.Headers.AcceptLanguage)), cancellationToken));
    }
}

/// <summary>
/// A listing's text for a reader: each field in the translation chosen for their languages where it gives that field,
/// otherwise the English. <see cref="Fields"/> says which fields are translated, <see cref="Language"/> into what.
/// </summary>
public sealed record Translated(string Name, string? Summary, string? Description, string? GettingThere, string? FirstVisit,
    string Language, IReadOnlyList<string> Fields)
{
    public static Translated For(Service service, IReadOnlyList<string> languages) =>
        For(service.Name, service.Summary, service.Description, service.GettingThere, service.FirstVisit,
            service.TranslationFor(languages)?.ToText());

    public static Translated For(string name, string? summary, string? description, string? gettingThere, string? firstVisit,
        ListingTranslation? translation)
    {
        if (translation is null) return new(name, summary, description, gettingThere, firstVisit, ReaderLanguage.English, []);
        var fields = new List<string>();
        string? Pick(string field, string? translated, string? english)
        {
            if (translated is null) return english;
            fields.Add(field);
            return translated;
        }
        var result = new Translated(Pick("name", translation.Name, name)!, Pick("summary", translation.Summary, summary),
            Pick("description", translation.Description, description), Pick("gettingThere", translation.GettingThere, gettingThere),
            Pick("firstVisit", translation.FirstVisit, firstVisit), translation.Language, fields);
        return fields.Count == 0 ? result with { Language = ReaderLanguage.English } : result;
    }
}
