using System.Text.Json;

namespace Portal.Api;

public sealed record SearchItem(Guid Id, string Name, string? OrganisationName, string? Summary, double? DistanceKm,
    DateTimeOffset? NextSession, JsonElement? Cost, string? AttendingType, JsonElement? AcceptingReferrals, bool Stale,
    bool Suspended, JsonElement? Alternative, IReadOnlyList<string>? Languages = null, IReadOnlyList<string>? Accessibility = null,
    string? SuspensionNote = null, string? TextLanguage = null, IReadOnlyList<string>? TranslatedFields = null)
{
    /// <summary>The language of a field's text ("name", "summary"), for its <c>lang</c> attribute.</summary>
    public string LangOf(string field) => TranslatedFields?.Contains(field) == true && TextLanguage is { Length: > 0 } language ? language : "en";
}

/// <summary>
/// <paramref name="RemoteLeftOut"/>: a distance limit left out activities online or by phone that also match.
/// <paramref name="UnmatchedWords"/>: words no activity holds (the results were found with the others);
/// <paramref name="NothingFor"/>: nothing fits, and <paramref name="Alternatives"/> are the nearest real ones;
/// <paramref name="FoundWithoutFilters"/>: the words find that many, but none passes the filters (the alternatives are
/// the best of them); <paramref name="SearchId"/>: what "Tell the hub" after a miss reports.
/// </summary>
/// <param name="Near">The place distances are measured from; for a postcode the gazetteer lacks, its sector's or district's centre.</param>
public sealed record SearchResults(int Total, IReadOnlyList<SearchItem> Items, JsonElement? Facets, bool RemoteLeftOut,
    SearchNear? Near = null, IReadOnlyList<string>? UnmatchedWords = null, string? NothingFor = null,
    IReadOnlyList<SearchItem>? Alternatives = null, IReadOnlyList<SearchUnderstood>? Understood = null, int? FoundWithoutFilters = null,
    Guid? SearchId = null);

/// <param name="Precision">postcode, sector or district.</param>
/// <param name="NotFound">The postcode asked for, when the gazetteer does not have it and <paramref name="Display"/> stands in for it.</param>
public sealed record SearchNear(string Display, string Precision, string? NotFound);

/// <summary>Something the typed words said that the search used as a filter ("on Sundays"); its kind undoes it.</summary>
public sealed record SearchUnderstood(string Kind, string Value, string Text);

/// <summary>A listing (GET /api/directory/services/{id}, and the items of /my/services). Fields a reader does not send stay null.</summary>
public sealed record Listing(Guid Id, Guid OrganisationId, string? OrganisationName, string Name, string? Description,
    string? Summary, string? Status, JsonElement? AcceptingReferrals, JsonElement? Cost, string? AttendingType,
    JsonElement? NextSession, JsonElement? Schedules, IReadOnlyList<ListingLocation>? Locations, ListingCapacity? Capacity,
    ListingContact? Contact, string? Url, DateTimeOffset? LastVerified, bool Stale, bool Suspended, int Version, bool HasPendingChange,
    ListingEligibility? Eligibility = null, IReadOnlyList<string>? Languages = null, IReadOnlyList<string>? Accessibility = null,
    ListingAccess? Access = null, string? GettingThere = null, string? FirstVisit = null, string? WelcomedBy = null,
    ListingSuspension? Suspension = null, string? Language = null, IReadOnlyList<string>? TranslatedFields = null,
    IReadOnlyList<ListingTranslation>? Translations = null)
{
    /// <summary>
    /// The language a field's text is in, for its <c>lang</c> attribute: the translation's when the Directory translated
    /// it for the reader (Accept-Language), otherwise "en" (the group's own English).
    /// </summary>
    public string LangOf(string field) => TranslatedFields?.Contains(field) == true && Language is { Length: > 0 } language ? language : "en";

    public string? Email => Contact?.Email;
    public string? Phone => Contact?.Phone;
    /// <summary>Every number, the main one first.</summary>
    public IReadOnlyList<ListingPhone> Phones =>
        [.. Contact?.Phone is { } main ? [new ListingPhone(main)] : Array.Empty<ListingPhone>(), .. Contact?.MorePhones ?? []];
    public string? Website => Url;
    public DateTimeOffset? LastVerifiedAt => LastVerified;
}

/// <summary>A listing's own words in another language (each field optional: a field left out is shown in English).</summary>
public sealed record ListingTranslation(string Language, string? Name = null, string? Summary = null, string? Description = null,
    string? GettingThere = null, string? FirstVisit = null);

/// <summary>Why a suspended listing is not running, what to try instead, and since when.</summary>
public sealed record ListingSuspension(string Note, string? Alternative, DateTimeOffset? Since);

/// <param name="MorePhones">The further numbers, each with what it is for (an imported listing's publisher may give several).</param>
public sealed record ListingContact(string? Name, string? Email, string? Phone, IReadOnlyList<ListingPhone>? MorePhones = null);

public sealed record ListingPhone(string Number, string? Extension = null, string? Type = null, string? Description = null,
    IReadOnlyList<string>? Languages = null);

/// <summary>Who the activity is for: an age range (either end open) and the organiser's own words.</summary>
public sealed record ListingEligibility(int? MinimumAge, int? MaximumAge, string? Description);

/// <summary>How people join: turn up, ask themselves, or be referred.</summary>
public sealed record ListingAccess(bool DropIn, bool SelfReferral, bool PractitionerReferral);

/// <summary>A place the activity happens, with what it offers (step-free access, a hearing loop...).</summary>
public sealed record ListingLocation(Guid Id, string Name, string? Address1, string? City, string? Postcode, double? Latitude,
    double? Longitude, IReadOnlyList<string>? Accessibility)
{
    public string Address => string.Join(", ", new[] { Name, Address1, City, Postcode }.Where(p => !string.IsNullOrWhiteSpace(p)));
}

public sealed record ListingCapacity(string? AcceptingReferrals, int? Spaces, int? TypicalResponseDays);

/// <summary>PUT /services/{id} answers what went live at once and what waits for a curator (202).</summary>
public sealed record EditResult(Guid Id, int Version, IReadOnlyList<string> Applied, IReadOnlyList<string> PendingApproval, Guid? ChangeId);

/// <summary>GET /moderation: proposals waiting for a decision, and listings nobody has confirmed for too long.</summary>
public sealed record ModerationQueue(List<PendingChange> Pending, List<StaleListing> Stale);

public sealed record PendingChange(Guid ChangeId, Guid ServiceId, string ServiceName, Guid OrganisationId, string OrganisationName,
    string Kind, string ProposedBy, DateTimeOffset ProposedAt, List<FieldChange> Changes);

public sealed record FieldChange(string Field, JsonElement? Before, JsonElement After);

public sealed record StaleListing(Guid ServiceId, string Name, Guid OrganisationId, string OrganisationName, string Status,
    DateTimeOffset LastVerified, int DaysSinceVerified);

public sealed record CreatedOrganisation(Guid Id);

public sealed record OrganisationName(Guid Id, string Name);

public sealed record TaxonomyTerm(string Id, string Name, string? ParentId, string? Description);

/// <summary>A place activities happen (GET /locations); shared places have no organisation.</summary>
public sealed record Place(Guid Id, Guid? OrganisationId, string Name, string? Address1, string? City, string? Postcode,
    IReadOnlyList<string>? Accessibility);

/// <summary>GET /taxonomy: each taxonomy with its terms; a listing names its categories by term code.</summary>
public sealed record TaxonomyGroup(string Name, List<Category> Terms);

public sealed record Category(string Code, string Name, Guid? ParentId);

/// <summary>POST /services answers the new listing's id and status (pending-approval for provider staff).</summary>
public sealed record ListedService(Guid Id, string Status, Guid? ChangeId);

public sealed class DirectoryClient(HttpClient http, ILogger<DirectoryClient> logger) : ServiceClient(http, logger, "Directory")
{
    public Task<ApiResult<SearchResults>> SearchAsync(SearchQuery q, CancellationToken ct) =>
        GetAsync<SearchResults>("/api/directory/search" + Query([("q", q.Q), ("postcode", q.Postcode),
            ("radiusKm", q.RadiusKm?.ToString()), ("taxonomy", q.Taxonomy), ("day", q.Day),
            ("free", q.Free ? "true" : null), ("includeRemote", q.IncludeRemote ? "true" : null),
            ("language", q.Language), ("age", q.Age?.ToString()), ("attendingType", q.AttendingType),
            ("page", q.Page > 1 ? q.Page.ToString() : null),
            // Suspended activities stay findable, marked suspended with their note and alternative.
            ("includeSuspended", "true"),
            // Each feature is a criterion of its own: a place must offer all of them.
            .. (q.Accessibility ?? []).Select(a => ("accessibility", (string?)a)),
            .. (q.AsTyped ?? []).Select(k => ("asTyped", (string?)k))]), ct);

    public Task<ApiResult<Listing>> GetServiceAsync(Guid id, CancellationToken ct) =>
        GetAsync<Listing>($"/api/directory/services/{id}", ct);

    public Task<ApiResult<List<Listing>>> MyServicesAsync(CancellationToken ct) =>
        GetAsync<List<Listing>>("/api/directory/my/services", ct);

    /// <summary>The listing exactly as the service wrote it: an edit sends back every field, changed or not.</summary>
    /// <remarks>Asked for in English whatever the page's language: the edit writes these fields back as the English.</remarks>
    public Task<ApiResult<JsonElement>> GetServiceJsonAsync(Guid id, CancellationToken ct) =>
        SendAsync<JsonElement>(new HttpRequestMessage(HttpMethod.Get, $"/api/directory/services/{id}") { Headers = { { "Accept-Language", "en" } } }, ct);

    /// <summary>The listing in English (its own words), whatever the page's language: what an edit form shows and changes.</summary>
    public Task<ApiResult<Listing>> GetServiceInEnglishAsync(Guid id, CancellationToken ct) =>
        SendAsync<Listing>(new HttpRequestMessage(HttpMethod.Get, $"/api/directory/services/{id}") { Headers = { { "Accept-Language", "en" } } }, ct);

    public Task<ApiResult<EditResult>> EditServiceAsync(Guid id, System.Text.Json.Nodes.JsonObject listing, CancellationToken ct) =>
        SendAsync<EditResult>(HttpMethod.Put, $"/api/directory/services/{id}", listing, ct);

    /// <summary>A new listing with its new places in one request: refused as a whole, nothing is kept.</summary>
    public Task<ApiResult<ListedService>> ListServiceAsync(object listing, CancellationToken ct) =>
        SendAsync<ListedService>(HttpMethod.Post, "/api/directory/services", listing, ct);

    public Task<ApiResult<List<TaxonomyGroup>>> CategoriesAsync(CancellationToken ct) =>
        GetAsync<List<TaxonomyGroup>>("/api/directory/taxonomy", ct);

    /// <summary>The organisation's own places and the shared ones (libraries, community centres).</summary>
    public Task<ApiResult<List<Place>>> PlacesAsync(Guid organisationId, CancellationToken ct) =>
        GetAsync<List<Place>>($"/api/directory/locations?organisationId={organisationId}", ct);

    /// <summary>"Tell the hub": a search that missed is reported to insight as a gap people told the hub about.</summary>
    public Task<ApiResult<NoContent>> ReportSearchGapAsync(Guid searchId, CancellationToken ct) =>
        PostAsync($"/api/directory/search/{searchId}/gap", null, ct);

    public Task<ApiResult<NoContent>> ConfirmStillAccurateAsync(Guid id, CancellationToken ct) =>
        PostAsync($"/api/directory/services/{id}/confirm", null, ct);

    public Task<ApiResult<NoContent>> SetCapacityAsync(Guid id, int? placesAvailable, bool acceptingReferrals, CancellationToken ct) =>
        SendAsync<NoContent>(HttpMethod.Put, $"/api/directory/services/{id}/capacity",
            new { acceptingReferrals = acceptingReferrals ? "yes" : "no", spaces = placesAvailable }, ct);

    public Task<ApiResult<ModerationQueue>> ModerationQueueAsync(CancellationToken ct) =>
        GetAsync<ModerationQueue>("/api/directory/moderation", ct);

    public Task<ApiResult<NoContent>> ApproveAsync(Guid id, CancellationToken ct) =>
        PostAsync($"/api/directory/moderation/{id}/approve", null, ct);

    public Task<ApiResult<NoContent>> RejectAsync(Guid id, string reason, CancellationToken ct) =>
        PostAsync($"/api/directory/moderation/{id}/reject", new { note = reason }, ct);

    public Task<ApiResult<NoContent>> CrisisAsync(bool suspend, string? taxonomy, string? area, string reason, CancellationToken ct) =>
        PostAsync(suspend ? "/api/directory/crisis/suspend" : "/api/directory/crisis/reinstate", new { ward = area, taxonomyTerm = taxonomy, all = false, publicNote = reason }, ct);

    public Task<ApiResult<OrganisationName>> GetOrganisationAsync(Guid id, CancellationToken ct) =>
        GetAsync<OrganisationName>($"/api/directory/organisations/{id}", ct);

    /// <summary>POST /organisations (curators only): the signed-in curator's token creates it.</summary>
    public Task<ApiResult<CreatedOrganisation>> CreateOrganisationAsync(string name, string? description, CancellationToken ct) =>
        SendAsync<CreatedOrganisation>(HttpMethod.Post, "/api/directory/organisations", new { name, description }, ct);

    public Task<ApiResult<List<TaxonomyTerm>>> TaxonomyAsync(CancellationToken ct) =>
        GetAsync<List<TaxonomyTerm>>("/api/directory/taxonomy", ct);

    public Task<ApiResult<List<ScheduledFeed>>> ScheduledFeedsAsync(CancellationToken ct) =>
        GetAsync<List<ScheduledFeed>>("/api/directory/import/feeds", ct);

    public Task<ApiResult<ScheduledFeed>> ScheduleFeedAsync(string url, string? publisher, int intervalMinutes, CancellationToken ct) =>
        SendAsync<ScheduledFeed>(HttpMethod.Post, "/api/directory/import/feeds", new { url, publisher, intervalMinutes }, ct);

    public Task<ApiResult<NoContent>> RunFeedNowAsync(Guid id, CancellationToken ct) =>
        PostAsync($"/api/directory/import/feeds/{id}/run", null, ct);

    public Task<ApiResult<List<ImportRunSummary>>> ImportRunsAsync(CancellationToken ct) =>
        GetAsync<List<ImportRunSummary>>("/api/directory/import/runs", ct);

    public Task<ApiResult<List<PublisherTerm>>> PublisherTermsAsync(CancellationToken ct) =>
        GetAsync<List<PublisherTerm>>("/api/directory/import/terms", ct);

    public Task<ApiResult<NoContent>> MapPublisherTermAsync(Guid id, string? code, CancellationToken ct) =>
        SendAsync<NoContent>(HttpMethod.Put, $"/api/directory/import/terms/{id}", new { code }, ct);
}

/// <param name="Language">A language the activity runs in ("Polish").</param>
/// <param name="Accessibility">Features the place must all offer ("step-free-access", "hearing-loop").</param>
/// <param name="Age">The person's age: activities whose age range includes it.</param>
/// <param name="AttendingType">in-person, online or phone.</param>
public sealed record SearchQuery(string? Q, string? Postcode, int? RadiusKm, string? Taxonomy, string? Day, bool Free, int Page,
    bool IncludeRemote = false, string? Language = null, IReadOnlyList<string>? Accessibility = null, int? Age = null,
    string? AttendingType = null, IReadOnlyList<string>? AsTyped = null)
{
    public static SearchQuery None { get; } = new(null, null, null, null, null, false, 1);

    public bool IsEmpty => string.IsNullOrWhiteSpace(Q) && string.IsNullOrWhiteSpace(Postcode) && string.IsNullOrWhiteSpace(Taxonomy)
                           && string.IsNullOrWhiteSpace(Day) && !Free && string.IsNullOrWhiteSpace(Language)
                           && Accessibility is not { Count: > 0 } && Age is null && string.IsNullOrWhiteSpace(AttendingType);

    /// <summary>How many of the "More filters" are set: the form opens them when any is.</summary>
    public bool HasFilters => RadiusKm is not null || !string.IsNullOrWhiteSpace(Day) || !string.IsNullOrWhiteSpace(Taxonomy) || Free
                              || IncludeRemote || !string.IsNullOrWhiteSpace(Language) || Accessibility is { Count: > 0 } || Age is not null
                              || !string.IsNullOrWhiteSpace(AttendingType);
}
