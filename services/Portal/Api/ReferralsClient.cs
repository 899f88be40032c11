using System.Text.Json;

namespace Portal.Api;

public sealed record PersonDetails(string GivenName, string FamilyName, DateOnly? DateOfBirth, string? NhsNumber, string? Email,
    string? Phone, [property: System.Text.Json.Serialization.JsonIgnore] string? Needs, ContactRouteBody? ContactRoute = null,
    SupportNeedsBody? SupportNeeds = null)
{
    /// <summary>The form takes needs as free text; the Referrals API takes a list of them.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("needs")]
    public string[] NeedsList => string.IsNullOrWhiteSpace(Needs) ? [] : [Needs.Trim()];
}

/// <summary>How the group reaches a person with no phone or email: kind is post, carer, practice or home-visit.</summary>
public sealed record ContactRouteBody(string Kind, string? Address = null, string? CarerName = null, string? CarerRelationship = null,
    string? CarerPhone = null, bool PersonAgreed = false, string? Notes = null);

/// <summary>What a person needs to get there and take part; <see cref="Companion"/> is someone to go with them the first time.</summary>
public sealed record SupportNeedsBody(bool Transport = false, bool Companion = false, bool HearingLoop = false, bool Interpreter = false,
    string? InterpreterLanguage = null);

public sealed record ConsentRecord(string GivenBy, string Method, DateTimeOffset GivenAt, bool ShareWithProvider,
    bool ShareOutcomesWithReferrer, bool ContactBySms, bool ContactByEmail, bool ContactByPost = false);

public sealed record NewReferral(Guid ServiceId, PersonDetails Person, ConsentRecord Consent, string? Reason, bool Submit = true);

public sealed record SelfReferral(Guid ServiceId, PersonDetails Person, ConsentRecord Consent, string? Reason);

public sealed record Created(Guid Id);

/// <summary>A row of a referral list: the referrer's list has <see cref="CreatedAt"/>, a provider's queue <see cref="RequestedAt"/>.</summary>
public sealed record ReferralSummary(Guid Id, Guid ServiceId, string? ServiceName, string? OrganisationName, string Status,
    string? PersonName, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt, string? ReferrerName, bool PersonWithheld = false,
    DateTimeOffset? RequestedAt = null);

/// <summary>One step of a referral's life as Referrals records it: who (by role) moved it from which status to which.</summary>
public sealed record TimelineEntry(string? From, string To, string? By, string? ByRole, DateTimeOffset At, string? Reason, string? Note);

public sealed record ReferrerView(string Id, string Name, string? Role, string? Team);

public sealed record PersonView(string GivenName, string FamilyName, DateOnly? DateOfBirth, string? NhsNumber, string? Email,
    string? Phone, IReadOnlyList<string>? Needs, string? Notes, ContactRouteBody? ContactRoute = null, SupportNeedsBody? SupportNeeds = null)
{
    public string FullName => $"{GivenName} {FamilyName}".Trim();
}

public sealed record ConsentView(string? GivenBy, string? Method, DateTimeOffset? GivenAt, bool ShareWithProvider,
    bool ShareOutcomesWithReferrer, bool ContactBySms, bool ContactByEmail, bool ContactByPost = false);

/// <summary>Referrals' copy of the attendance Feedback reported (only sent where the person agreed to share it).</summary>
public sealed record ReferralAttendance(int SessionsAttended, DateOnly? LastAttendedOn, int ConsecutiveNoShows);

/// <summary>GET /api/referrals/{id}: the person, consent, timeline and what the caller may do next.</summary>
public sealed record ReferralDetail(Guid Id, string Status, Guid ServiceId, string? ServiceName, Guid ProviderOrganisationId,
    ReferrerView? Referrer, string? Reason, PersonView? Person, bool PersonWithheld, ConsentView? Consent, DateTimeOffset? CreatedAt,
    DateTimeOffset? ResponseDueAt, IReadOnlyList<TimelineEntry>? Timeline, IReadOnlyList<string>? AllowedTransitions,
    ReferralAttendance? Attendance, bool Anonymised);

/// <summary>One message in a referral's thread (Referrals' MessageView).</summary>
public sealed record ReferralMessage(Guid Id, string AuthorName, string FromRole, string Text, DateTimeOffset At);

public sealed class ReferralsClient(HttpClient http, ILogger<ReferralsClient> logger) : ServiceClient(http, logger, "Referrals")
{
    /// <summary>Referral counts by service and status (curators; no personal data).</summary>
    public Task<ApiResult<ReferralCounts>> CountsAsync(CancellationToken ct) => GetAsync<ReferralCounts>("/api/referrals/stats", ct);

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

    /// <summary>The referral read to print it: the same rights as <see cref="GetAsync(Guid, CancellationToken)"/>, audited as a print.</summary>
    public Task<ApiResult<ReferralDetail>> GetToPrintAsync(Guid id, CancellationToken ct) =>
        GetAsync<ReferralDetail>($"/api/referrals/{id}?purpose=print", ct);

    /// <summary>accept, reject, start, complete, fail, cancel: the referral state machine lives in the service.</summary>
    public Task<ApiResult<NoContent>> TransitionAsync(Guid id, string transition, string? reason, string? note, CancellationToken ct) =>
        PostAsync($"/api/referrals/{id}/{transition}", new { reason, note }, ct);

    public Task<ApiResult<List<ReferralMessage>>> MessagesAsync(Guid id, CancellationToken ct) =>
        GetAsync<List<ReferralMessage>>($"/api/referrals/{id}/messages", ct);

    public Task<ApiResult<NoContent>> PostMessageAsync(Guid id, string text, CancellationToken ct) =>
        PostAsync($"/api/referrals/{id}/messages", new { text }, ct);

    public Task<ApiResult<AuditLogPage>> AuditLogAsync(AuditFilter filter, int page, int pageSize, CancellationToken ct) =>
        AuditLogAsync("/api/referrals/audit", filter, page, pageSize, ct);

    public static readonly string[] Transitions = ["accept", "reject", "start", "complete", "fail", "cancel"];

    /// <summary>How long closed referrals keep personal data, the configured default, and who changed it (admins).</summary>
    public Task<ApiResult<RetentionSettings>> RetentionAsync(CancellationToken ct) =>
        GetAsync<RetentionSettings>("/api/referrals/settings/retention", ct);

    public Task<ApiResult<RetentionSettings>> SetRetentionAsync(int days, CancellationToken ct) =>
        SendAsync<RetentionSettings>(HttpMethod.Put, "/api/referrals/settings/retention", new { days }, ct);

    /// <summary>Everything Referrals holds about one person (hub staff, audited): { referrals: [...] }.</summary>
    public Task<ApiResult<JsonElement>> ExportPersonAsync(PersonIdentity person, CancellationToken ct) =>
        SendAsync<JsonElement>(HttpMethod.Post, "/api/referrals/people/export", new { person }, ct);

    public Task<ApiResult<JsonElement>> ErasePersonAsync(PersonIdentity person, string requestReference, CancellationToken ct) =>
        SendAsync<JsonElement>(HttpMethod.Post, "/api/referrals/people/erase", new { person, requestReference }, ct);
}

/// <summary>Who a request about personal data is for: NHS number, or name and date of birth.</summary>
public sealed record PersonIdentity(string? NhsNumber, string? GivenName, string? FamilyName, DateOnly? DateOfBirth);

/// <summary>The Referrals service pages its lists: { items, page, pageSize, total }.</summary>
public sealed record ReferralPage(List<ReferralSummary> Items, int Total);

public sealed record RetentionChange(int Days, int PreviousDays, string ChangedBy, DateTimeOffset ChangedAt);

public sealed record RetentionSettings(int Days, int DefaultDays, bool IsDefault, int MinimumDays, int MaximumDays,
    int SweepIntervalMinutes, IReadOnlyList<RetentionChange> Changes);
