namespace Portal.Api;

/// <summary>A crisis (GET /api/directory/crisis, /crisis/current): what it covers, its note and alternative, its planned end.</summary>
public sealed record CrisisView(Guid Id, string Scope, string PublicNote, string? Alternative, DateTimeOffset StartedAt,
    DateTimeOffset? PlannedEnd, DateTimeOffset? EndedAt, int ListingCount);

/// <summary>POST /crisis/preview: exactly the listings a crisis would suspend, and how many organisations would be told.</summary>
public sealed record CrisisPreview(string Scope, int Count, int OrganisationCount, List<CrisisPreviewItem> Listings);

public sealed record CrisisPreviewItem(Guid Id, string Name, Guid OrganisationId, string OrganisationName);

/// <summary>What a crisis selects: a ward, a category, an organisation, or everything in the area.</summary>
public sealed record CrisisChoice(string? Ward, string? TaxonomyTerm, Guid? OrganisationId, bool All);

public sealed record CrisisOutcome(int Count, List<Guid> ServiceIds, Guid? CrisisId);

public sealed record OrganisationSummary(Guid Id, string Name);

/// <summary>GET /api/referrals/stats: referral counts by service and status (no personal data).</summary>
public sealed record ReferralCounts(int Total, List<ServiceReferralCounts> ByService);

public sealed record ServiceReferralCounts(Guid ServiceId, int Total, Dictionary<string, int> ByStatus);

/// <summary>The curators' Directory calls: crisis mode, taxonomy management and bulk moderation.</summary>
public sealed class CurationClient(HttpClient http, ILogger<CurationClient> logger) : ServiceClient(http, logger, "Directory")
{
    public Task<ApiResult<List<string>>> WardsAsync(CancellationToken ct) => GetAsync<List<string>>("/api/directory/wards", ct);

    public Task<ApiResult<List<OrganisationSummary>>> OrganisationsAsync(CancellationToken ct) =>
        GetAsync<List<OrganisationSummary>>("/api/directory/organisations", ct);

    public Task<ApiResult<CrisisPreview>> PreviewCrisisAsync(CrisisChoice choice, CancellationToken ct) =>
        SendAsync<CrisisPreview>(HttpMethod.Post, "/api/directory/crisis/preview", choice, ct);

    public Task<ApiResult<CrisisOutcome>> DeclareCrisisAsync(CrisisChoice choice, string publicNote, string? alternative,
        DateTimeOffset? until, CancellationToken ct) =>
        SendAsync<CrisisOutcome>(HttpMethod.Post, "/api/directory/crisis/suspend", new
        {
            choice.Ward, choice.TaxonomyTerm, choice.OrganisationId, choice.All, publicNote, alternative, until,
        }, ct);

    public Task<ApiResult<List<CrisisView>>> CrisesAsync(CancellationToken ct) => GetAsync<List<CrisisView>>("/api/directory/crisis", ct);

    public Task<ApiResult<List<CrisisView>>> CurrentCrisesAsync(CancellationToken ct) =>
        GetAsync<List<CrisisView>>("/api/directory/crisis/current", ct);

    public Task<ApiResult<CrisisOutcome>> EndCrisisAsync(Guid id, CancellationToken ct) =>
        SendAsync<CrisisOutcome>(HttpMethod.Post, $"/api/directory/crisis/{id}/end", null, ct);
}
