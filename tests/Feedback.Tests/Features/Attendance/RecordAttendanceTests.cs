using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildingBlocks.Auth;
using Feedback.Tests.Support;
using FeedbackService.Insights;
using Microsoft.EntityFrameworkCore;
using TestSupport;

namespace Feedback.Tests.Features.Attendance;

public sealed class RecordAttendanceTests(FeedbackApi api) : IClassFixture<FeedbackApi>
{
    private static object Session(string date, string status) => new { sessionDate = date, status };

    [Fact]
    public async Task Provider_staff_record_attendance_and_the_first_attendance_is_published()
    {
        var referral = await api.AcceptedReferral(madeAt: FeedbackApi.MadeInSeptember);

        var response = await api.PostAs(referral.ProviderToken, $"{referral.Path}/attendance", Session("2026-10-01", "attended"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(result.GetProperty("isFirstAttendance").GetBoolean());
        var events = await api.OutboxTypes();
        Assert.Contains(events, e => e.StartsWith("Contracts.Feedback.AttendanceRecorded") && e.Contains(referral.Id.ToString())
                                     && e.Contains("\"isFirstAttendance\":true"));
        // Insight has the session as the response comes back: recorded in the same transaction, not sent back to itself.
        var session = await api.InDb(db => db.Set<InsightSession>().AsNoTracking().SingleAsync(s => s.ReferralId == referral.Id));
        Assert.Equal((new DateOnly(2026, 10, 1), "attended", referral.ServiceId), (session.SessionDate, session.Status, session.ServiceId));
    }

    [Fact]
    public async Task The_referrer_is_told_of_the_first_attendance_where_the_person_agreed_to_share_it()
    {
        var referral = await api.AcceptedReferral(shareOutcomes: true, madeAt: FeedbackApi.MadeInSeptember);

        await api.PostAs(referral.ProviderToken, $"{referral.Path}/attendance", Session("2026-10-01", "attended"));

        var items = await api.WaitForInbox(referral.ReferrerToken, referral.Id, "attendance-first");
        Assert.Contains(items, i => i.Subject.Contains("went to"));
    }

    [Theory]
    [InlineData("other-org-provider", HttpStatusCode.NotFound)]
    [InlineData("referrer", HttpStatusCode.Forbidden)]
    [InlineData("curator", HttpStatusCode.Forbidden)] // the route is for provider staff: refused whatever the id
    [InlineData("anonymous", HttpStatusCode.Unauthorized)]
    public async Task Only_staff_of_the_receiving_organisation_record_attendance(string who, HttpStatusCode expected)
    {
        var referral = await api.AcceptedReferral(madeAt: FeedbackApi.MadeInSeptember);
        var token = who switch
        {
            "other-org-provider" => TestTokens.For(Roles.Provider, Guid.NewGuid()),
            "referrer" => referral.ReferrerToken,
            "curator" => TestTokens.For(Roles.Curator),
            _ => null,
        };

        var response = await api.PostAs(token, $"{referral.Path}/attendance", Session("2026-10-01", "attended"));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Invalid_attendance_gets_a_400_naming_the_fields()
    {
        var referral = await api.AcceptedReferral();

        var response = await api.PostAs(referral.ProviderToken, $"{referral.Path}/attendance", new { status = "present" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("status", out _));
        Assert.True(errors.TryGetProperty("sessionDate", out _));
    }

    [Fact]
    public async Task An_unknown_referral_is_a_404_and_a_session_recorded_twice_a_409()
    {
        var referral = await api.AcceptedReferral(madeAt: FeedbackApi.MadeInSeptember);
        var unknown = await api.PostAs(referral.ProviderToken, $"/api/feedback/referrals/{Guid.NewGuid()}/attendance", Session("2026-10-01", "attended"));
        await api.PostAs(referral.ProviderToken, $"{referral.Path}/attendance", Session("2026-10-01", "attended"));
        var twice = await api.PostAs(referral.ProviderToken, $"{referral.Path}/attendance", Session("2026-10-01", "did-not-attend"));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
    }

    [Fact]
    public async Task Attendance_cannot_be_recorded_before_the_referral_is_accepted()
    {
        var referral = await api.AcceptedReferral(toStatus: "requested");

        var response = await api.PostAs(referral.ProviderToken, $"{referral.Path}/attendance", Session("2026-10-01", "attended"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task Two_no_shows_in_a_row_prompt_the_provider_and_tell_the_referrer()
    {
        var referral = await api.AcceptedReferral(madeAt: FeedbackApi.MadeInSeptember);

        await api.PostAs(referral.ProviderToken, $"{referral.Path}/attendance", Session("2026-10-01", "did-not-attend"));
        Assert.DoesNotContain(await api.Inbox(referral.ProviderToken, referral.Id), i => i.Template == "attendance-no-shows");
        await api.PostAs(referral.ProviderToken, $"{referral.Path}/attendance", Session("2026-10-08", "did-not-attend"));

        var provider = await api.WaitForInbox(referral.ProviderToken, referral.Id, "attendance-no-shows");
        Assert.Contains(provider, i => i.Body.Contains("mark the referral as failed"));
        await api.WaitForInbox(referral.ReferrerToken, referral.Id, "attendance-no-shows");
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("1999-01-01")]
    [InlineData("2026-08-31")] // the day before the referral was made
    [InlineData("tomorrow")]
    public async Task A_session_before_the_referral_was_made_or_after_today_is_refused_with_a_422_and_nothing_is_recorded(string day)
    {
        var referral = await api.AcceptedReferral(madeAt: FeedbackApi.MadeInSeptember);
        var date = day == "tomorrow" ? UkToday().AddDays(1).ToString("yyyy-MM-dd") : day;

        var response = await api.PostAs(referral.ProviderToken, $"{referral.Path}/attendance", Session(date, "did-not-attend"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(date, problem.GetProperty("detail").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("sessionDate", out _));
        Assert.Equal(0, await api.InDb(db => db.Attendance.CountAsync(a => a.ReferralId == referral.Id)));
        Assert.DoesNotContain(await api.OutboxTypes(), e => e.StartsWith("Contracts.Feedback.AttendanceRecorded") && e.Contains(referral.Id.ToString()));
    }

    [Fact]
    public async Task A_session_on_the_day_the_referral_was_made_and_one_today_are_recorded()
    {
        var referral = await api.AcceptedReferral(madeAt: FeedbackApi.MadeInSeptember);

        var madeDay = await api.PostAs(referral.ProviderToken, $"{referral.Path}/attendance", Session("2026-09-01", "attended"));
        var today = await api.PostAs(referral.ProviderToken, $"{referral.Path}/attendance", Session(UkToday().ToString("yyyy-MM-dd"), "attended"));

        Assert.Equal(HttpStatusCode.Created, madeDay.StatusCode);
        Assert.Equal(HttpStatusCode.Created, today.StatusCode);
        Assert.Equal(2, await api.InDb(db => db.Attendance.CountAsync(a => a.ReferralId == referral.Id)));
    }

    // Sessions are on the UK's calendar, as the service decides "today" (BuildingBlocks.Time.UkTime).
    private static DateOnly UkToday() => BuildingBlocks.Time.UkTime.Today(TimeProvider.System);
}
