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

    /// <summary>One waiting proposal as approving it would leave the listing (<c>details</c>: the whole listing body).</summary>
    public Task<ApiResult<System.Text.Json.JsonElement>> ProposalAsync(Guid changeId, CancellationToken ct) =>
        GetAsync<System.Text.Json.JsonElement>($"/api/directory/moderation/{changeId}", ct);

    /// <summary>Approves a proposal as the curator amended it (a whole listing body, checked like any listing).</summary>
    public Task<ApiResult<NoContent>> ApproveAmendedAsync(Guid changeId, System.Text.Json.Nodes.JsonObject details, CancellationToken ct) =>
        PostAsync($"/api/directory/moderation/{changeId}/approve", new { details }, ct);

    public Task<ApiResult<BulkApproval>> ApproveManyAsync(IReadOnlyList<Guid>? changeIds, Guid? organisationId, CancellationToken ct) =>
        SendAsync<BulkApproval>(HttpMethod.Post, "/api/directory/moderation/approve", new { changeIds, organisationId }, ct);

    public Task<ApiResult<List<TaxonomyNode>>> TreeAsync(CancellationToken ct) => GetAsync<List<TaxonomyNode>>("/api/directory/taxonomy/tree", ct);

    public Task<ApiResult<NoContent>> AddTermAsync(Guid taxonomyId, string code, string name, string? parentCode, CancellationToken ct) =>
        PostAsync("/api/directory/taxonomy/terms", new { taxonomyId, code, name, parentCode }, ct);

    public Task<ApiResult<TermChange>> UpdateTermAsync(string code, string name, string? description, string? parentCode, CancellationToken ct) =>
        SendAsync<TermChange>(HttpMethod.Put, $"/api/directory/taxonomy/terms/{Uri.EscapeDataString(code)}", new { name, description, parentCode }, ct);

    public Task<ApiResult<TermChange>> MergeTermAsync(string code, string into, CancellationToken ct) =>
        SendAsync<TermChange>(HttpMethod.Post, $"/api/directory/taxonomy/terms/{Uri.EscapeDataString(code)}/merge", new { into }, ct);

    public Task<ApiResult<TermChange>> RetireTermAsync(string code, CancellationToken ct) =>
        SendAsync<TermChange>(HttpMethod.Post, $"/api/directory/taxonomy/terms/{Uri.EscapeDataString(code)}/retire", null, ct);

    /// <summary>A page of the search vocabulary's rules, those holding <paramref name="q"/> and of <paramref name="kind"/> when given.</summary>
    public Task<ApiResult<VocabularyPage>> VocabularyAsync(string? q, string? kind, int page, int pageSize, CancellationToken ct) =>
        GetAsync<VocabularyPage>($"/api/directory/vocabulary?page={page}&pageSize={pageSize}"
            + (string.IsNullOrWhiteSpace(q) ? "" : $"&q={Uri.EscapeDataString(q.Trim())}")
            + (string.IsNullOrWhiteSpace(kind) ? "" : $"&kind={Uri.EscapeDataString(kind)}"), ct);

    public Task<ApiResult<VocabularyRule>> VocabularyRuleAsync(Guid id, CancellationToken ct) =>
        GetAsync<VocabularyRule>($"/api/directory/vocabulary/{id}", ct);

    /// <summary>Adds a rule (no <paramref name="id"/>) or changes one.</summary>
    public Task<ApiResult<VocabularyRule>> SaveVocabularyRuleAsync(Guid? id, string kind, IReadOnlyList<string> typed,
        IReadOnlyList<string> alsoFinds, string? note, CancellationToken ct) =>
        SendAsync<VocabularyRule>(id is null ? HttpMethod.Post : HttpMethod.Put,
            id is null ? "/api/directory/vocabulary" : $"/api/directory/vocabulary/{id}", new { kind, typed, alsoFinds, note }, ct);

    public Task<ApiResult<NoContent>> DeleteVocabularyRuleAsync(Guid id, CancellationToken ct) =>
        SendAsync<NoContent>(HttpMethod.Delete, $"/api/directory/vocabulary/{id}", null, ct);
}

/// <summary>Resident feedback waiting for a curator (GET /api/feedback/moderation).</summary>
public sealed record FeedbackQueue(List<PendingFeedback> Items, int Total);

public sealed record PendingFeedback(Guid Id, Guid ServiceId, string ActivityName, int Rating, string Comment, DateTimeOffset SubmittedAt);

/// <summary>An activity's published feedback (GET /api/feedback/activities/{id}): how many, the average, the latest.</summary>
public sealed record ActivityFeedback(Guid ServiceId, string? Name, string? OrganisationName, int FeedbackCount, double? AverageRating,
    List<PublishedFeedback> Feedback);

/// <param name="Reply">The listing's organisation's one public reply, if any.</param>
public sealed record PublishedFeedback(Guid Id, int Rating, string Comment, DateTimeOffset SubmittedAt, string? Reply = null, DateTimeOffset? RepliedAt = null);

/// <summary>The curators' Feedback calls (moderating resident feedback) and the public read of published feedback.</summary>
public sealed class FeedbackCurationClient(HttpClient http, ILogger<FeedbackCurationClient> logger) : ServiceClient(http, logger, "Feedback")
{
    public Task<ApiResult<FeedbackQueue>> QueueAsync(CancellationToken ct) => GetAsync<FeedbackQueue>("/api/feedback/moderation", ct);

    public Task<ApiResult<NoContent>> ApproveAsync(Guid id, CancellationToken ct) => PostAsync($"/api/feedback/moderation/{id}/approve", null, ct);

    public Task<ApiResult<NoContent>> RejectAsync(Guid id, string? reason, CancellationToken ct) =>
        PostAsync($"/api/feedback/moderation/{id}/reject", new { reason }, ct);

    public Task<ApiResult<ActivityFeedback>> PublishedAsync(Guid serviceId, CancellationToken ct) =>
        GetAsync<ActivityFeedback>($"/api/feedback/activities/{serviceId}", ct);

    /// <summary>The listing's own organisation replies, once, publicly, to published feedback.</summary>
    public Task<ApiResult<NoContent>> ReplyAsync(Guid serviceId, Guid feedbackId, string text, CancellationToken ct) =>
        PostAsync($"/api/feedback/activities/{serviceId}/feedback/{feedbackId}/reply", new { text }, ct);
}

/// <summary>GET /api/directory/taxonomy/tree: every term (retired ones too) with how many published listings use it.</summary>
public sealed record TaxonomyNode(Guid Id, string Name, List<TermNode> Terms);

public sealed record TermNode(Guid Id, string Code, string Name, string? Description, Guid? ParentId, string? ParentCode,
    int Listings, bool Retired, string? MergedInto, string? AlsoKnownAs);

public sealed record TermChange(string Code, string Name, int ListingsReindexed);

/// <summary>A rule of the search vocabulary (GET /api/directory/vocabulary): what people type, what it also finds.</summary>
public sealed record VocabularyRule(Guid Id, string Kind, List<string> Typed, List<string> AlsoFinds, string? Note, string ChangedBy,
    DateTimeOffset ChangedAt);

public sealed record VocabularyPage(List<VocabularyRule> Items, int Page, int PageSize, int Total);

/// <summary>POST /moderation/approve: how many were approved, and each change's outcome (with its problem when it failed).</summary>
public sealed record BulkApproval(int Approved, int Failed, List<BulkItem> Items);

public sealed record BulkItem(Guid ChangeId, string Outcome, BulkProblem? Problem);

public sealed record BulkProblem(int Status, string Title, string? Detail);
