using System.Text.Json;

namespace Portal.Api;

public sealed record InboxItem(Guid Id, string? Title, string? Body, string? Kind, Guid? ReferralId, DateTimeOffset? CreatedAt, bool Read);

public sealed class FeedbackClient(HttpClient http, ILogger<FeedbackClient> logger) : ServiceClient(http, logger, "Feedback")
{
    public Task<ApiResult<NoContent>> RecordAttendanceAsync(Guid referralId, DateOnly sessionDate, string status, CancellationToken ct) =>
        PostAsync($"/api/feedback/referrals/{referralId}/attendance", new { sessionDate, status }, ct);

    public Task<ApiResult<NoContent>> RecordOutcomeAsync(Guid referralId, string measure, string stage, int score, string? note,
        CancellationToken ct) =>
        PostAsync($"/api/feedback/referrals/{referralId}/outcomes", new { measure, stage, score, note }, ct);

    /// <summary>Attendance and outcomes for one referral, as the service summarises them.</summary>
    public Task<ApiResult<JsonElement>> SummaryAsync(Guid referralId, CancellationToken ct) =>
        GetAsync<JsonElement>($"/api/feedback/referrals/{referralId}/summary", ct);

    public Task<ApiResult<List<InboxItem>>> InboxAsync(CancellationToken ct) =>
        GetAsync<List<InboxItem>>("/api/feedback/inbox", ct);

    public Task<ApiResult<NoContent>> GiveFeedbackAsync(Guid serviceId, int rating, string? comment, CancellationToken ct) =>
        PostAsync($"/api/feedback/activities/{serviceId}/feedback", new { rating, comment }, ct);
}
