using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildingBlocks.Auth;
using Contracts.Feedback;
using Contracts.Referrals;
using MassTransit;
using TestSupport;
using Loopback = global::Feedback.Tests.Support;

namespace EndToEnd.Tests.Feedback;

/// <summary>
/// The closed loop over the distributed system (three processes, real PostgreSQL and RabbitMQ): a referral is
/// accepted, the provider records the first attendance, and the referrer hears both in the in-app inbox, by a
/// signed webhook to a receiver on loopback, and by email to a real SMTP server on loopback. Referrals' status
/// events are published from a bus in the test process (as Referrals publishes them), so this test stands on
/// the contract rather than on the Referrals service's progress.
/// </summary>
[Collection(SharedSystemCollection.Name)]
public sealed class ClosedLoopTests(SharedSystem fixture)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(120);
    private DistributedSystem System => fixture.System;

    [Fact]
    public async Task The_referrer_hears_accepted_and_attended_in_the_inbox_by_signed_webhook_and_by_email()
    {
        await using var receiver = await Loopback.WebhookReceiver.Start("gp-system-shared-secret-0123");
        var organisationId = await System.CreateOrganisation("Drayton Good Neighbours");
        var serviceId = await System.ListService(organisationId, "Thursday Walking Group");
        await Eventually.Until(() => System.FeedbackKnows(serviceId), Delivery, "Feedback to learn of the activity");

        var referrerId = $"gp-{Guid.NewGuid():N}"[..20];
        var referrer = TestTokens.For(Roles.Practitioner, userId: referrerId);
        var provider = TestTokens.For(Roles.Provider, organisationId);
        // The SMTP server is shared with other tests: this referrer's own address, so the mail found is this test's.
        var email = $"link.worker.{referrerId}@surgery.example.nhs.uk";
        using var referrerHttp = System.Feedback.Client(referrer);
        Assert.Equal(HttpStatusCode.OK, (await referrerHttp.PutAsJsonAsync("/api/feedback/preferences",
            new { email, channels = new[] { "in-app", "email", "webhook" }, dailyDigest = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await referrerHttp.PostAsJsonAsync("/api/feedback/webhooks",
            new { url = receiver.Url, secret = receiver.Secret, events = new[] { "*" } })).StatusCode);

        var attendance = new ConcurrentQueue<AttendanceRecorded>();
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host("127.0.0.1", System.VirtualHost, host => { host.Username("guest"); host.Password("guest"); });
            cfg.ReceiveEndpoint($"e2e-attendance-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true; // the shared system outlives this test: its queue goes when its bus stops
                endpoint.Handler<AttendanceRecorded>(context => { attendance.Enqueue(context.Message); return Task.CompletedTask; });
            });
        });
        await bus.StartAsync();
        try
        {
            var referralId = Guid.NewGuid();
            var now = DateTimeOffset.UtcNow;
            await bus.Publish(new ReferralStatusChanged(referralId, serviceId, organisationId, referrerId,
                "draft", "requested", null, referrerId, true, now));
            await bus.Publish(new ReferralStatusChanged(referralId, serviceId, organisationId, referrerId,
                "requested", "accepted", null, "provider-staff", true, now.AddSeconds(1)));

            using var providerHttp = System.Feedback.Client(provider);
            await Eventually.Until(async () => await Status(providerHttp, referralId) == "accepted", Delivery,
                "Feedback to see the referral accepted");
            var recorded = await providerHttp.PostAsJsonAsync($"/api/feedback/referrals/{referralId}/attendance",
                new { sessionDate = BuildingBlocks.Time.UkTime.Today(TimeProvider.System).ToString("yyyy-MM-dd"), status = "attended" });
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);

            await Eventually.Until(async () => await InboxTemplates(referrerHttp, referralId) is var t
                                               && t.Contains("referral-accepted") && t.Contains("attendance-first"),
                Delivery, "'accepted' and 'attended' in the referrer's inbox");
            await Eventually.Until(() => Task.FromResult(WebhookEvents(receiver, referralId) is var e
                                                         && e.Contains("referral-accepted") && e.Contains("attendance-first")),
                Delivery, "'accepted' and 'attended' by signed webhook");
            await Eventually.Until(() => Task.FromResult(fixture.Smtp.To(email) is var m
                                                         && m.Any(x => x.Subject.Contains("has accepted your referral"))
                                                         && m.Any(x => x.Subject.Contains("went to"))),
                Delivery, "'accepted' and 'attended' by email");
            await Eventually.Until(() => Task.FromResult(attendance.Any(a => a.ReferralId == referralId && a.IsFirstAttendance)),
                Delivery, "AttendanceRecorded (first attendance) on the bus");

            Assert.Empty(receiver.Rejected);
            Assert.Contains(fixture.Smtp.To(email), m => m.Subject.Contains("Thursday Walking Group"));
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    [Fact]
    public async Task A_referral_made_through_the_Referrals_API_closes_the_loop_back_to_the_referrer()
    {
        var organisationId = await System.CreateOrganisation("Cosham Friendship Lunch");
        var serviceId = await System.ListService(organisationId, "Friday Friendship Lunch");
        await Eventually.Until(() => System.ReferralsKnows(serviceId), Delivery, "Referrals to learn of the activity");

        var referrerId = $"gp-{Guid.NewGuid():N}"[..20];
        using var referrerReferrals = System.Referrals.Client(TestTokens.For(Roles.Practitioner, userId: referrerId, team: "cosham"));
        using var referrerFeedback = System.Feedback.Client(TestTokens.For(Roles.Practitioner, userId: referrerId, team: "cosham"));
        using var providerReferrals = System.Referrals.Client(TestTokens.For(Roles.Provider, organisationId));
        using var providerFeedback = System.Feedback.Client(TestTokens.For(Roles.Provider, organisationId));
        var email = $"{referrerId}@surgery.example.nhs.uk"; // this test's own, on the shared SMTP server
        Assert.Equal(HttpStatusCode.OK, (await referrerFeedback.PutAsJsonAsync("/api/feedback/preferences",
            new { email, channels = new[] { "in-app", "email" }, dailyDigest = false })).StatusCode);

        var created = await referrerReferrals.PostAsJsonAsync("/api/referrals", new
        {
            serviceId,
            person = new { givenName = "Ada", familyName = "Example", dateOfBirth = "1948-03-02", phone = "07700 900123", needs = new[] { "loneliness" } },
            consent = new
            {
                givenBy = "person", method = "verbal", givenAt = DateTimeOffset.UtcNow.AddMinutes(-5),
                shareWithProvider = true, shareOutcomesWithReferrer = true, contactBySms = false, contactByEmail = false,
            },
            reason = "Lonely since moving to the area.",
            submit = true,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var referralId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        Assert.True((await providerReferrals.PostAsJsonAsync($"/api/referrals/{referralId}/accept", new { })).IsSuccessStatusCode);
        await Eventually.Until(async () => await Status(providerFeedback, referralId) == "accepted", Delivery,
            "Feedback to learn of the acceptance from Referrals");
        var recorded = await providerFeedback.PostAsJsonAsync($"/api/feedback/referrals/{referralId}/attendance",
            new { sessionDate = BuildingBlocks.Time.UkTime.Today(TimeProvider.System).ToString("yyyy-MM-dd"), status = "attended" });
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);

        await Eventually.Until(async () => await ReferralStatus(referrerReferrals, referralId) == "in-progress", Delivery,
            "the first attendance to move the referral to in-progress in Referrals");
        await Eventually.Until(async () => await InboxTemplates(referrerFeedback, referralId) is var t
                                           && t.Contains("referral-accepted") && t.Contains("attendance-first"),
            Delivery, "'accepted' and 'attended' in the referrer's inbox");
        await Eventually.Until(() => Task.FromResult(fixture.Smtp.To(email) is var m
                                                     && m.Any(x => x.Subject.Contains("has accepted your referral"))
                                                     && m.Any(x => x.Subject.Contains("went to"))),
            Delivery, "'accepted' and 'attended' by email");
    }

    private static async Task<string?> ReferralStatus(HttpClient http, Guid referralId)
    {
        var response = await http.GetAsync($"/api/referrals/{referralId}");
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()
            : null;
    }

    private static async Task<string?> Status(HttpClient http, Guid referralId)
    {
        var response = await http.GetAsync($"/api/feedback/referrals/{referralId}/summary");
        return response.IsSuccessStatusCode
            ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()
            : null;
    }

    private static async Task<List<string>> InboxTemplates(HttpClient http, Guid referralId) =>
        (await http.GetFromJsonAsync<JsonElement>("/api/feedback/inbox")).GetProperty("items").EnumerateArray()
        .Where(i => i.TryGetProperty("referralId", out var id) && id.GetString() == referralId.ToString())
        .Select(i => i.GetProperty("template").GetString()!).ToList();

    private static List<string> WebhookEvents(Loopback.WebhookReceiver receiver, Guid referralId) =>
        receiver.Verified.Select(b => JsonDocument.Parse(b).RootElement)
            .Where(b => b.GetProperty("referralId").GetString() == referralId.ToString())
            .Select(b => b.GetProperty("event").GetString()!).ToList();
}
