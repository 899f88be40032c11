using System.Text.Json;

namespace Portal.Api;

public sealed record SearchItem(Guid Id, string Name, string? OrganisationName, string? Summary, double? DistanceKm,
    JsonElement? NextSession, JsonElement? Cost, string? AttendingType, JsonElement? AcceptingReferrals, bool Stale,
    bool Suspended, JsonElement? Alternative);

public sealed record SearchResults(int Total, IReadOnlyList<SearchItem> Items, JsonElement? Facets);

/// <summary>A listing. The Directory service is growing: fields it does not send yet stay null.</summary>
public sealed record Listing(Guid Id, Guid OrganisationId, string? OrganisationName, string Name, string? Description,
    string? Summary, string? Status, JsonElement? AcceptingReferrals, JsonElement? Cost, string? AttendingType,
    JsonElement? NextSession, JsonElement? Schedules, JsonElement? Locations, JsonElement? Capacity, string? Email,
    string? Phone, string? Website, DateTimeOffset? LastVerifiedAt, bool Stale, bool Suspended);

public sealed record ListingEdit(string Name, string? Summary, string? Description, string? Email, string? Phone, string? Website);

public sealed record ModerationItem(Guid Id, string? Name, string? OrganisationName, string? Reason, DateTimeOffset? SubmittedAt,
    string? Kind);

public sealed record TaxonomyTerm(string Id, string Name, string? ParentId, string? Description);

public sealed class DirectoryClient(HttpClient http, ILogger<DirectoryClient> logger) : ServiceClient(http, logger, "Directory")
{
    public Task<ApiResult<SearchResults>> SearchAsync(SearchQuery q, CancellationToken ct) =>
        GetAsync<SearchResults>("/api/directory/search" + Query(("q", q.Q), ("postcode", q.Postcode),
            ("radiusKm", q.RadiusKm?.ToString()), ("taxonomy", q.Taxonomy), ("day", q.Day),
            ("free", q.Free ? "true" : null), ("page", q.Page > 1 ? q.Page.ToString() : null)), ct);

    public Task<ApiResult<Listing>> GetServiceAsync(Guid id, CancellationToken ct) =>
        GetAsync<Listing>($"/api/directory/services/{id}", ct);

    public Task<ApiResult<List<Listing>>> MyServicesAsync(CancellationToken ct) =>
        GetAsync<List<Listing>>("/api/directory/my/services", ct);

    public Task<ApiResult<NoContent>> UpdateServiceAsync(Guid id, ListingEdit edit, CancellationToken ct) =>
        SendAsync<NoContent>(HttpMethod.Put, $"/api/directory/services/{id}", edit, ct);

    public Task<ApiResult<NoContent>> ConfirmStillAccurateAsync(Guid id, CancellationToken ct) =>
        PostAsync($"/api/directory/services/{id}/confirm", null, ct);

    public Task<ApiResult<NoContent>> SetCapacityAsync(Guid id, int? placesAvailable, bool acceptingReferrals, CancellationToken ct) =>
        SendAsync<NoContent>(HttpMethod.Put, $"/api/directory/services/{id}/capacity",
            new { acceptingReferrals = acceptingReferrals ? "yes" : "no", spaces = placesAvailable }, ct);

    public Task<ApiResult<List<ModerationItem>>> ModerationQueueAsync(string? queue, CancellationToken ct) =>
        GetAsync<List<ModerationItem>>("/api/directory/moderation" + Query(("queue", queue)), ct);

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

public sealed record SearchQuery(string? Q, string? Postcode, int? RadiusKm, string? Taxonomy, string? Day, bool Free, int Page)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(Q) && string.IsNullOrWhiteSpace(Postcode) && string.IsNullOrWhiteSpace(Taxonomy)
                           && string.IsNullOrWhiteSpace(Day) && !Free;
}
