using System.Text.Json;

namespace Portal.Api;

public sealed record PersonDetails(string GivenName, string FamilyName, DateOnly? DateOfBirth, string? NhsNumber, string? Email,
    string? Phone, [property: System.Text.Json.Serialization.JsonIgnore] string? Needs)
{
    /// <summary>The form takes needs as free text; the Referrals API takes a list of them.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("needs")]
    public string[] NeedsList => string.IsNullOrWhiteSpace(Needs) ? [] : [Needs.Trim()];
}

public sealed record ConsentRecord(string GivenBy, string Method, DateTimeOffset GivenAt, bool ShareWithProvider,
    bool ShareOutcomesWithReferrer, bool ContactBySms, bool ContactByEmail);

public sealed record NewReferral(Guid ServiceId, PersonDetails Person, ConsentRecord Consent, string? Reason, bool Submit = true);

public sealed record SelfReferral(Guid ServiceId, PersonDetails Person, ConsentRecord Consent, string? Reason);

public sealed record Created(Guid Id);

public sealed record ReferralSummary(Guid Id, Guid ServiceId, string? ServiceName, string? OrganisationName, string Status,
    string? PersonName, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt, string? ReferrerName);

public sealed record TimelineEntry(DateTimeOffset At, string? Status, string? By, string? Note, string? Reason, string? Event);

public sealed record ReferralDetail(Guid Id, Guid ServiceId, string? ServiceName, string? OrganisationName, string Status,
    JsonElement? Person, JsonElement? Consent, string? Reason, string? ReferrerName, DateTimeOffset? CreatedAt,
    IReadOnlyList<TimelineEntry>? Timeline, IReadOnlyList<string>? AllowedTransitions);

public sealed class ReferralsClient(HttpClient http, ILogger<ReferralsClient> logger) : ServiceClient(http, logger, "Referrals")
{
    public Task<ApiResult<Created>> CreateAsync(NewReferral referral, CancellationToken ct) =>
        SendAsync<Created>(HttpMethod.Post, "/api/referrals", referral, ct);

    public Task<ApiResult<Created>> SelfReferAsync(SelfReferral referral, CancellationToken ct) =>
        SendAsync<Created>(HttpMethod.Post, "/api/referrals/self", referral, ct);

    public Task<ApiResult<ReferralPage>> MineAsync(CancellationToken ct) =>
        GetAsync<ReferralPage>("/api/referrals", ct);

    public Task<ApiResult<ReferralPage>> IncomingAsync(CancellationToken ct) =>
        GetAsync<ReferralPage>("/api/referrals/incoming", ct);

    public Task<ApiResult<ReferralDetail>> GetAsync(Guid id, CancellationToken ct) =>
        GetAsync<ReferralDetail>($"/api/referrals/{id}", ct);

    /// <summary>accept, reject, start, complete, fail, cancel: the referral state machine lives in the service.</summary>
    public Task<ApiResult<NoContent>> TransitionAsync(Guid id, string transition, string? reason, string? note, CancellationToken ct) =>
        PostAsync($"/api/referrals/{id}/{transition}", new { reason, note }, ct);

    public static readonly string[] Transitions = ["accept", "reject", "start", "complete", "fail", "cancel"];
}

/// <summary>The Referrals service pages its lists: { items, page, pageSize, total }.</summary>
public sealed record ReferralPage(List<ReferralSummary> Items, int Total);
