using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildingBlocks.Auth;
using Contracts.Directory;
using Contracts.Referrals;
using Feedback.Tests.Support;
using TestSupport;

namespace Feedback.Tests.Notifications;

public sealed class NotificationChannelTests(FeedbackApi api) : IClassFixture<FeedbackApi>
{
    private static readonly string Admin = TestTokens.For(Roles.Admin);

    private static (string Id, string Token) NewReferrer()
    {
        var id = $"practitioner-{Guid.NewGuid():N}"[..24];
        return (id, TestTokens.For(Roles.Practitioner, userId: id));
    }

    private async Task Subscribe(string token, string url, string secret)
    {
        using var http = api.ClientAs(token);
        var hook = await http.PostAsJsonAsync("/api/feedback/webhooks", new { url, secret, events = new[] { "referral-accepted" } });
        Assert.Equal(HttpStatusCode.Created, hook.StatusCode);
        var prefs = await http.PutAsJsonAsync("/api/feedback/preferences", new { channels = new[] { "in-app", "webhook" }, dailyDigest = false });
        Assert.Equal(HttpStatusCode.OK, prefs.StatusCode);
    }

    private Task Accepted(Guid referralId, string referrerId) => api.Publish(new ReferralStatusChanged(referralId, Guid.NewGuid(), Guid.NewGuid(),
        referrerId, "requested", "accepted", null, "provider-staff", true, DateTimeOffset.UtcNow));

    [Fact]
    public async Task A_subscribed_referrer_gets_a_signed_webhook_that_the_receiver_verifies()
    {
        await using var receiver = await WebhookReceiver.Start("receiver-secret-0123456789");
        var (referrerId, token) = NewReferrer();
        await Subscribe(token, receiver.Url, receiver.Secret);
        var referralId = Guid.NewGuid();

        await Accepted(referralId, referrerId);

        await Eventually.Until(() => Task.FromResult(receiver.Verified.Any(b => b.Contains(referralId.ToString()))),
            TimeSpan.FromSeconds(30), "a verified webhook");
        var body = JsonDocument.Parse(receiver.Verified.First(b => b.Contains(referralId.ToString()))).RootElement;
        Assert.Equal("referral-accepted", body.GetProperty("event").GetString());
        Assert.Empty(receiver.Rejected);
    }

    [Fact]
    public async Task A_receiver_that_refuses_the_signature_is_a_permanent_failure_visible_to_admins()
    {
        await using var receiver = await WebhookReceiver.Start("the-receivers-real-secret-000");
        var (referrerId, token) = NewReferrer();
        await Subscribe(token, receiver.Url, "a-different-secret-on-our-side");
        var referralId = Guid.NewGuid();

        await Accepted(referralId, referrerId);

        JsonElement failed = default;
        await Eventually.Until(async () =>
        {
            var failures = await api.Get<JsonElement>(Admin, "/api/feedback/deliveries?status=failed");
            failed = failures.GetProperty("items").EnumerateArray().FirstOrDefault(d => d.GetProperty("referralId").GetString() == referralId.ToString());
            return failed.ValueKind == JsonValueKind.Object;
        }, TimeSpan.FromSeconds(30), "the failed delivery to be listed");
        Assert.Equal("webhook", failed.GetProperty("channel").GetString());
        Assert.Equal(1, failed.GetProperty("attempts").GetInt32());
        Assert.Contains("401", failed.GetProperty("lastError").GetString());
        Assert.NotEmpty(receiver.Rejected);
        // The in-app message still reached the referrer.
        await api.WaitForInbox(token, referralId, "referral-accepted");
    }

    [Theory]
    [InlineData(Roles.Practitioner, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Curator, HttpStatusCode.Forbidden)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task Only_admins_see_deliveries(string? role, HttpStatusCode expected)
    {
        using var http = api.ClientAs(role is null ? null : TestTokens.For(role));

        Assert.Equal(expected, (await http.GetAsync("/api/feedback/deliveries?status=failed")).StatusCode);
    }

    [Theory]
    [InlineData(Roles.Provider, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Resident, HttpStatusCode.Forbidden)]
    public async Task Providers_and_residents_cannot_register_webhooks(string role, HttpStatusCode expected)
    {
        var response = await api.PostAs(TestTokens.For(role, Guid.NewGuid()), "/api/feedback/webhooks",
            new { url = "https://example.org/hook", secret = "long-enough-secret-1234" });

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task A_new_referral_reaches_the_providers_shared_inbox_and_no_one_elses()
    {
        var organisationId = Guid.NewGuid();
        var referralId = Guid.NewGuid();
        var (referrerId, referrer) = NewReferrer();

        await api.Publish(new ReferralStatusChanged(referralId, Guid.NewGuid(), organisationId, referrerId,
            "draft", "requested", null, referrerId, true, DateTimeOffset.UtcNow));

        var items = await api.WaitForInbox(TestTokens.For(Roles.Provider, organisationId), referralId, "referral-new");
        Assert.Single(items, i => i.Template == "referral-new");
        Assert.Empty(await api.Inbox(TestTokens.For(Roles.Provider, Guid.NewGuid()), referralId));
        Assert.DoesNotContain(await api.WaitForInbox(referrer, referralId, "referral-requested"), i => i.Template == "referral-new");
    }

    [Fact]
    public async Task Curators_are_told_of_escalations_and_a_read_message_stays_read()
    {
        var referralId = Guid.NewGuid();
        var (referrerId, _) = NewReferrer();
        var curator = TestTokens.For(Roles.Curator);

        await api.Publish(new ReferralEscalated(referralId, Guid.NewGuid(), Guid.NewGuid(), referrerId, 15, DateTimeOffset.UtcNow));

        var item = (await api.WaitForInbox(curator, referralId, "referral-escalated")).Single();
        Assert.Contains("15 days", item.Body);
        using var http = api.ClientAs(curator);
        Assert.Equal(HttpStatusCode.NoContent, (await http.PostAsync($"/api/feedback/inbox/{item.Id}/read", null)).StatusCode);
        Assert.True((await api.Inbox(curator, referralId)).Single().Read);
        using var other = api.ClientAs(TestTokens.For(Roles.Practitioner));
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/feedback/inbox/{item.Id}/read", null)).StatusCode);
    }

    [Fact]
    public async Task A_listing_due_for_confirmation_prompts_its_provider_and_a_stale_one_tells_the_curators_too()
    {
        var organisationId = Guid.NewGuid();
        var (due, stale) = ($"Due listing {Guid.NewGuid():N}", $"Stale listing {Guid.NewGuid():N}");
        var now = DateTimeOffset.UtcNow;

        await api.Publish(new ListingVerificationDue(Guid.NewGuid(), organisationId, due, now.AddDays(-80), now.AddDays(10), false, now));
        await api.Publish(new ListingVerificationDue(Guid.NewGuid(), organisationId, stale, now.AddDays(-200), now.AddDays(-110), true, now));

        var provider = TestTokens.For(Roles.Provider, organisationId);
        List<InboxItem> prompts = [];
        await Eventually.Until(async () => (prompts = await ListingNotices(provider)).Count == 2, TimeSpan.FromSeconds(30), "both prompts");
        Assert.All(prompts, p => Assert.Equal("listing-confirm", p.Template));
        Assert.Contains(prompts, p => p.Subject.Contains(due) && p.Body.Contains("Please check it by"));
        Assert.Contains(prompts, p => p.Subject.Contains(stale) && p.Body.Contains("out of date"));
        var curators = await ListingNotices(TestTokens.For(Roles.Curator));
        Assert.Contains(curators, c => c.Template == "listing-stale" && c.Subject.Contains(stale));
        Assert.DoesNotContain(curators, c => c.Subject.Contains(due));
        Assert.Empty(await ListingNotices(TestTokens.For(Roles.Provider, Guid.NewGuid())));

        async Task<List<InboxItem>> ListingNotices(string token) =>
            [.. (await api.Get<InboxPage>(token, "/api/feedback/inbox")).Items.Where(i => i.Subject.Contains(due) || i.Subject.Contains(stale))];
    }

    [Fact]
    public async Task The_person_gets_a_confirmation_on_their_consented_channel_whichever_event_comes_first()
    {
        var referralId = Guid.NewGuid();
        var email = $"person-{Guid.NewGuid():N}@example.org";
        var (referrerId, _) = NewReferrer();

        await Accepted(referralId, referrerId);
        await api.Publish(new ReferralConsentChanged(referralId, true, true, ContactBySms: false, ContactByEmail: true, "Pat", email, null, DateTimeOffset.UtcNow));

        await Eventually.Until(() => Task.FromResult(api.Smtp.To(email).Count > 0), TimeSpan.FromSeconds(30), "the person's confirmation");
        var mail = api.Smtp.To(email).Single();
        Assert.Contains("looking forward to meeting you", mail.Subject);
        Assert.Contains("Hello Pat", mail.Raw);
    }

    [Fact]
    public async Task Preferences_default_to_in_app_and_are_kept_per_user()
    {
        var (_, token) = NewReferrer();
        var before = await api.Get<JsonElement>(token, "/api/feedback/preferences");
        using var http = api.ClientAs(token);
        var put = await http.PutAsJsonAsync("/api/feedback/preferences", new { email = "me@example.org", channels = new[] { "email" }, dailyDigest = true });
        var after = await api.Get<JsonElement>(token, "/api/feedback/preferences");
        var invalid = await http.PutAsJsonAsync("/api/feedback/preferences", new { channels = new[] { "sms" } });

        Assert.Equal(["in-app"], before.GetProperty("channels").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.True(after.GetProperty("dailyDigest").GetBoolean());
        Assert.Equal("me@example.org", after.GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }
}
