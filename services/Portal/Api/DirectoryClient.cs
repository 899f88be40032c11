using System.Text.Json;

namespace Portal.Api;

public sealed record SearchItem(Guid Id, string Name, string? OrganisationName, string? Summary, double? DistanceKm,
    JsonElement? NextSession, JsonElement? Cost, string? AttendingType, JsonElement? AcceptingReferrals, bool Stale,
    bool Suspended, JsonElement? Alternative);

/// <summary><paramref name="RemoteLeftOut"/>: a distance limit left out activities online or by phone that also match.</summary>
public sealed record SearchResults(int Total, IReadOnlyList<SearchItem> Items, JsonElement? Facets, bool RemoteLeftOut);

/// <summary>A listing (GET /api/directory/services/{id}, and the items of /my/services). Fields a reader does not send stay null.</summary>
public sealed record Listing(Guid Id, Guid OrganisationId, string? OrganisationName, string Name, string? Description,
    string? Summary, string? Status, JsonElement? AcceptingReferrals, JsonElement? Cost, string? AttendingType,
    JsonElement? NextSession, JsonElement? Schedules, JsonElement? Locations, ListingCapacity? Capacity, ListingContact? Contact,
    string? Url, DateTimeOffset? LastVerified, bool Stale, bool Suspended, int Version, bool HasPendingChange)
{
    public string? Email => Contact?.Email;
    public string? Phone => Contact?.Phone;
    public string? Website => Url;
    public DateTimeOffset? LastVerifiedAt => LastVerified;
}

public sealed record ListingContact(string? Name, string? Email, string? Phone);

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

public sealed record TaxonomyTerm(string Id, string Name, string? ParentId, string? Description);

public sealed class DirectoryClient(HttpClient http, ILogger<DirectoryClient> logger) : ServiceClient(http, logger, "Directory")
{
    public Task<ApiResult<SearchResults>> SearchAsync(SearchQuery q, CancellationToken ct) =>
        GetAsync<SearchResults>("/api/directory/search" + Query(("q", q.Q), ("postcode", q.Postcode),
            ("radiusKm", q.RadiusKm?.ToString()), ("taxonomy", q.Taxonomy), ("day", q.Day),
            ("free", q.Free ? "true" : null), ("includeRemote", q.IncludeRemote ? "true" : null),
            ("page", q.Page > 1 ? q.Page.ToString() : null)), ct);

    public Task<ApiResult<Listing>> GetServiceAsync(Guid id, CancellationToken ct) =>
        GetAsync<Listing>($"/api/directory/services/{id}", ct);

    public Task<ApiResult<List<Listing>>> MyServicesAsync(CancellationToken ct) =>
        GetAsync<List<Listing>>("/api/directory/my/services", ct);

    /// <summary>The listing exactly as the service wrote it: an edit sends back every field, changed or not.</summary>
    public Task<ApiResult<JsonElement>> GetServiceJsonAsync(Guid id, CancellationToken ct) =>
        GetAsync<JsonElement>($"/api/directory/services/{id}", ct);

    public Task<ApiResult<EditResult>> EditServiceAsync(Guid id, System.Text.Json.Nodes.JsonObject listing, CancellationToken ct) =>
        SendAsync<EditResult>(HttpMethod.Put, $"/api/directory/services/{id}", listing, ct);

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

    public Task<ApiResult<List<TaxonomyTerm>>> TaxonomyAsync(CancellationToken ct) =>
        GetAsync<List<TaxonomyTerm>>("/api/directory/taxonomy", ct);

    public Task<ApiResult<JsonElement>> AnalyticsAsync(CancellationToken ct) =>
        GetAsync<JsonElement>("/api/directory/analytics", ct);
}

public sealed record SearchQuery(string? Q, string? Postcode, int? RadiusKm, string? Taxonomy, string? Day, bool Free, int Page,
    bool IncludeRemote = false)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(Q) && string.IsNullOrWhiteSpace(Postcode) && string.IsNullOrWhiteSpace(Taxonomy)
                           && string.IsNullOrWhiteSpace(Day) && !Free;
}
