using System.Text.Json;

namespace Portal.Api;

public sealed record InboxItem(Guid Id, string? Subject, string? Body, string? Template, Guid? ReferralId, DateTimeOffset? CreatedAt, bool Read);

/// <summary>GET /api/feedback/inbox: the newest page of the caller's in-app messages and how many are unread.</summary>
public sealed record InboxPage(int Unread, List<InboxItem> Items, int Total);

/// <summary>GET /api/feedback/referrals/{id}/summary: attendance counts and the wellbeing answers at each stage.</summary>
public sealed record OutcomeSummary(Guid ReferralId, string Status, AttendanceSummary Attendance, OutcomeScores? Baseline,
    OutcomeScores? FollowUp, OutcomeChange? Change, DateTimeOffset? FollowUpDue);

public sealed record AttendanceSummary(int Attended, int DidNotAttend, int Cancelled, DateOnly? LastAttended, int ConsecutiveNoShows);

public sealed record Ons4Scores(int LifeSatisfaction, int Worthwhile, int Happiness, int Anxiety);

public sealed record LonelinessScores(int Companionship, int LeftOut, int Isolated);

public sealed record OutcomeScores(Ons4Scores Ons4, LonelinessScores Loneliness, int LonelinessTotal, string? EnteredBy,
    DateTimeOffset RecordedAt);

/// <summary>Follow-up minus baseline, signed so that a positive number is an improvement on every line.</summary>
public sealed record OutcomeChange(int LifeSatisfaction, int Worthwhile, int Happiness, int AnxietyReduction, int LonelinessReduction);

/// <summary>The body of POST .../outcomes: both questionnaires, nullable so a missing answer is the service's "required".</summary>
public sealed record OutcomeAnswers(string? Stage, Ons4Answers Ons4, LonelinessAnswers Loneliness);

public sealed record Ons4Answers(int? LifeSatisfaction, int? Worthwhile, int? Happiness, int? Anxiety);

public sealed record LonelinessAnswers(int? Companionship, int? LeftOut, int? Isolated);

/// <summary>GET /api/feedback/insights: every insight table for a period and ward, small counts already withheld.</summary>
public sealed record InsightView(DateOnly From, DateOnly To, string? Ward, List<string> Wards, List<InsightTableView> Tables);

/// <summary>One table: cells in column order; a withheld cell is the string "suppressed".</summary>
public sealed record InsightTableView(string Name, string Title, string ChartColumn, string? Note, List<InsightColumnView> Columns,
    List<List<JsonElement>> Rows);

/// <summary>POST /api/feedback/insights/ward-indicators: how many wards the upload holds.</summary>
public sealed record WardIndicatorsUploaded(int Wards);

/// <summary>Kind: label, count, rate (a percentage) or number.</summary>
public sealed record InsightColumnView(string Key, string Title, string Kind);

public sealed class FeedbackClient(HttpClient http, ILogger<FeedbackClient> logger) : ServiceClient(http, logger, "Feedback")
{
    public Task<ApiResult<NoContent>> RecordAttendanceAsync(Guid referralId, DateOnly sessionDate, string status, CancellationToken ct) =>
        PostAsync($"/api/feedback/referrals/{referralId}/attendance", new { sessionDate, status }, ct);

    public Task<ApiResult<NoContent>> RecordOutcomeAsync(Guid referralId, OutcomeAnswers answers, CancellationToken ct) =>
        PostAsync($"/api/feedback/referrals/{referralId}/outcomes", answers, ct);

    /// <summary>Attendance and outcomes for one referral, as the service summarises them.</summary>
    public Task<ApiResult<OutcomeSummary>> SummaryAsync(Guid referralId, CancellationToken ct) =>
        GetAsync<OutcomeSummary>($"/api/feedback/referrals/{referralId}/summary", ct);

    /// <summary>What the mail drop kept for the signed-in user and for the people they referred.</summary>
    public Task<ApiResult<MailDropPage>> MyMailDropAsync(CancellationToken ct) =>
        GetAsync<MailDropPage>("/api/feedback/mail-drop/mine", ct);

    public Task<ApiResult<InboxPage>> InboxAsync(CancellationToken ct) =>
        GetAsync<InboxPage>("/api/feedback/inbox", ct);

    /// <summary>
    /// The caller's inbox as server-sent events (GET /api/feedback/inbox/stream): from <paramref name="since"/>, or after
    /// <paramref name="lastEventId"/> when a browser reconnects.
    /// </summary>
    public Task<ApiResult<HttpResponseMessage>> InboxStreamAsync(DateTimeOffset? since, string? lastEventId, CancellationToken ct) =>
        OpenEventStreamAsync("/api/feedback/inbox/stream" + Query(("since", since?.ToString("O", System.Globalization.CultureInfo.InvariantCulture))),
            lastEventId, ct);

    public Task<ApiResult<AuditLogPage>> AuditLogAsync(AuditFilter filter, int page, int pageSize, CancellationToken ct) =>
        AuditLogAsync("/api/feedback/audit", filter, page, pageSize, ct);

    /// <summary>What Feedback holds for these referrals of one person (hub staff, audited): { referrals: [...] }.</summary>
    public Task<ApiResult<System.Text.Json.JsonElement>> ExportPersonAsync(IReadOnlyList<Guid> referralIds, CancellationToken ct) =>
        SendAsync<System.Text.Json.JsonElement>(HttpMethod.Post, "/api/feedback/people/export", new { referralIds }, ct);

    public Task<ApiResult<InsightView>> InsightAsync(DateOnly? from, DateOnly? to, string? ward, CancellationToken ct) =>
        GetAsync<InsightView>("/api/feedback/insights" + InsightQuery(from, to, ward), ct);

    /// <summary>One insight table as CSV (small counts withheld by the service).</summary>
    public Task<ApiResult<FileBody>> InsightCsvAsync(string table, DateOnly? from, DateOnly? to, string? ward, CancellationToken ct) =>
        GetAsync<FileBody>($"/api/feedback/insights/{Uri.EscapeDataString(table)}.csv" + InsightQuery(from, to, ward), ct);

    /// <summary>Replaces the ward indicators (curators): 400 names each line's problems ("rows[4].population").</summary>
    public Task<ApiResult<WardIndicatorsUploaded>> UploadWardIndicatorsAsync(string csv, CancellationToken ct) =>
        SendAsync<WardIndicatorsUploaded>(HttpMethod.Post, "/api/feedback/insights/ward-indicators", new { csv }, ct);

    private static string InsightQuery(DateOnly? from, DateOnly? to, string? ward) =>
        Query(("from", from?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            ("to", to?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ("ward", ward));

    public Task<ApiResult<NoContent>> GiveFeedbackAsync(Guid serviceId, int rating, string? comment, CancellationToken ct) =>
        PostAsync($"/api/feedback/activities/{serviceId}/feedback", new { rating, comment }, ct);
}
