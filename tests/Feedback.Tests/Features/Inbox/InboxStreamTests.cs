using System.Net;
using BuildingBlocks.Auth;
using Contracts.Referrals;
using Feedback.Tests.Support;
using FeedbackService.Domain;
using TestSupport;

namespace Feedback.Tests.Features.Inbox;

/// <summary>
/// The inbox as server-sent events over real PostgreSQL: a message reaches the open stream of the person it is for the
/// moment it is committed (the stream's own look-again is ten minutes away here), nobody else's stream, and a client
/// that reconnects with the last event's id misses nothing in between.
/// </summary>
public sealed class InboxStreamTests(FeedbackApi.QuietStreams api) : IClassFixture<FeedbackApi.QuietStreams>
{
    private static readonly TimeSpan Push = TimeSpan.FromSeconds(30);

    private static string NewReferrer() => $"practitioner-{Guid.NewGuid():N}"[..24];

    private Task Accepted(Guid referralId, string referrerId) => api.Publish(new ReferralStatusChanged(referralId, Guid.NewGuid(), Guid.NewGuid(),
        referrerId, ReferralStatuses.Requested, ReferralStatuses.Accepted, null, "provider-staff", true, DateTimeOffset.UtcNow));

    [Fact]
    public async Task A_message_committed_while_the_stream_is_open_arrives_at_once_and_only_on_its_recipients_stream()
    {
        var referrer = NewReferrer();
        var someoneElse = NewReferrer();
        await using var stream = await InboxStream.Open(api, TestTokens.For(Roles.Practitioner, userId: referrer));
        var othersReferral = Guid.NewGuid();
        var referral = Guid.NewGuid();

        await Accepted(othersReferral, someoneElse);
        await Accepted(referral, referrer);

        var (_, item) = await stream.Next(Push);
        Assert.Equal(referral, item.ReferralId);
        Assert.Equal("referral-accepted", item.Template);
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Reconnecting_with_the_last_event_id_brings_what_came_while_away_and_not_what_was_seen()
    {
        var referrer = NewReferrer();
        var token = TestTokens.For(Roles.Practitioner, userId: referrer);
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        string seen;
        await using (var stream = await InboxStream.Open(api, token))
        {
            await Accepted(first, referrer);
            (seen, var item) = await stream.Next(Push);
            Assert.Equal(first, item.ReferralId);
        }

        await Accepted(second, referrer);
        await api.WaitForInbox(token, second, "referral-accepted"); // committed while nobody listened
        await using var again = await InboxStream.Open(api, token, lastEventId: seen);

        var (_, next) = await again.Next(Push);
        Assert.Equal(second, next.ReferralId);
    }

    [Fact]
    public async Task Reconnecting_brings_a_message_committed_late_with_a_time_before_the_last_event_seen()
    {
        // A transaction held up (by a database restart, say) commits its message after the client saw a later one.
        var referrer = NewReferrer();
        var token = TestTokens.For(Roles.Practitioner, userId: referrer);
        var late = Guid.NewGuid();
        await Accepted(late, referrer);
        var committed = (await api.WaitForInbox(token, late, "referral-accepted")).Single(i => i.ReferralId == late);
        var seenAfterIt = $"{committed.CreatedAt.AddSeconds(5):O}|{Guid.NewGuid()}";

        await using var again = await InboxStream.Open(api, token, lastEventId: seenAfterIt);

        var (_, next) = await again.Next(Push);
        Assert.Equal(late, next.ReferralId);
    }

    [Fact]
    public async Task News_of_attendance_the_person_did_not_agree_to_share_never_reaches_the_referrers_stream()
    {
        var referrer = NewReferrer();
        await using var stream = await InboxStream.Open(api, TestTokens.For(Roles.Practitioner, userId: referrer));
        var unshared = Guid.NewGuid();
        var marker = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;
        await api.Publish(new ReferralStatusChanged(unshared, Guid.NewGuid(), Guid.NewGuid(), referrer,
            ReferralStatuses.Requested, ReferralStatuses.Accepted, null, "provider-staff", false, at));
        Assert.Equal(unshared, (await stream.Next(Push)).Item.ReferralId); // acceptance is the referrer's to know

        await api.Publish(new ReferralStatusChanged(unshared, Guid.NewGuid(), Guid.NewGuid(), referrer,
            ReferralStatuses.Accepted, ReferralStatuses.InProgress, null, "system", false, at.AddSeconds(1)));
        await api.Publish(new ReferralStatusChanged(marker, Guid.NewGuid(), Guid.NewGuid(), referrer,
            ReferralStatuses.Requested, ReferralStatuses.Accepted, null, "provider-staff", false, at.AddSeconds(2)));

        var (_, next) = await stream.Next(Push);
        Assert.Equal(marker, next.ReferralId); // the unshared "in progress" (they attended) never came
    }

    [Fact]
    public async Task A_backlog_larger_than_one_look_arrives_whole_in_order_once()
    {
        var referrer = NewReferrer();
        await using var stream = await InboxStream.Open(api, TestTokens.For(Roles.Practitioner, userId: referrer));
        var now = DateTimeOffset.UtcNow;
        var backlog = Enumerable.Range(0, 600).Select(i => new Notification($"backlog-{referrer}-{i}", referrer, Channels.InApp, null,
            "referral-accepted", Guid.NewGuid(), $"Message {i}", "Body", now.AddTicks(i * 10))).ToList();
        await api.InDb(async db =>
        {
            db.Notifications.AddRange(backlog);
            return await db.SaveChangesAsync();
        });

        var received = new List<Guid>();
        for (var i = 0; i < backlog.Count; i++) received.Add((await stream.Next(Push)).Item.Id);

        Assert.Equal(backlog.Select(n => n.Id), received);
    }

    [Fact]
    public async Task A_stream_needs_a_signed_in_caller_and_a_since_within_thirty_days()
    {
        using var anonymous = api.ClientAs(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/feedback/inbox/stream")).StatusCode);

        using var http = api.ClientAs(TestTokens.For(Roles.Practitioner, userId: NewReferrer()));
        var since = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(-40).ToString("O"));
        var response = await http.GetAsync($"/api/feedback/inbox/stream?since={since}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
