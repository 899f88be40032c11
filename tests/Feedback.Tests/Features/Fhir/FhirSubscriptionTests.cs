// The Firely model marks nearly every element nullable; these tests assert the shape they navigate.
#nullable disable warnings
using System.Net;
using System.Text;
using System.Text.Json;
using BuildingBlocks.Auth;
using Contracts.Referrals;
using Feedback.Tests.Support;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using TestSupport;

namespace Feedback.Tests.Features.Fhir;

/// <summary>
/// R4 Subscriptions on Task (docs/FHIR.md), delivered through the signed-webhook channel: created requested and made
/// active by the handshake's delivery; told only of the Tasks its criteria find and its owner may read; refused with
/// an OperationOutcome (400 or 422, never 500) when it is not one the server offers; gone when deleted.
/// </summary>
public sealed class FhirSubscriptionTests(FeedbackApi api) : IClassFixture<FeedbackApi>
{
    private const string Secret = "gp-system-subscription-secret-01";
    private const string IdOnly = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content";

    private static Subscription Subscription(string criteria, string endpoint, string secret = Secret, bool idOnly = false)
    {
        var subscription = new Subscription
        {
            Status = Hl7.Fhir.Model.Subscription.SubscriptionStatus.Requested,
            Reason = "Hear of my referrals",
            Criteria = criteria,
            Channel = new Subscription.ChannelComponent { Type = Hl7.Fhir.Model.Subscription.SubscriptionChannelType.RestHook, Endpoint = endpoint },
        };
        if (secret is not null)
            subscription.Channel.SetExtension("https://community-directory.example/fhir/StructureDefinition/subscription-secret", new FhirString(secret));
        if (idOnly)
        {
            subscription.Channel.PayloadElement = new Code("application/fhir+json");
            subscription.Channel.PayloadElement.SetExtension(IdOnly, new Code("id-only"));
        }
        return subscription;
    }

    private async Task<(HttpStatusCode Status, JsonElement Outcome)> Post(string token, string body, string contentType = "application/fhir+json")
    {
        using var http = api.ClientAs(token);
        var response = await http.PostAsync("/fhir/Subscription", new StringContent(body, Encoding.UTF8, contentType));
        Assert.StartsWith("application/fhir+json", response.Content.Headers.ContentType!.ToString());
        var outcome = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, outcome);
    }

    private static string Json(Resource resource) => new FhirJsonSerializer().SerializeToString(resource);

    [Fact]
    public async System.Threading.Tasks.Task A_subscriber_is_activated_by_the_handshake_and_told_by_id_of_its_own_Task_only()
    {
        await using var receiver = await WebhookReceiver.Start(Secret);
        var referral = await api.AcceptedReferral();
        var gp = FhirValidation.Client(api.ClientAs(referral.ReferrerToken));

        var created = await gp.CreateAsync(Subscription($"Task?requester={referral.ReferrerId}", receiver.Url, idOnly: true));
        FhirValidation.AssertValid(created);
        Assert.Equal(Hl7.Fhir.Model.Subscription.SubscriptionStatus.Requested, created.Status);
        Assert.Null(created.Channel.GetExtension("https://community-directory.example/fhir/StructureDefinition/subscription-secret"));
        await Eventually.Until(async () => (await gp.ReadAsync<Subscription>($"Subscription/{created.Id}")).Status == Hl7.Fhir.Model.Subscription.SubscriptionStatus.Active,
            TimeSpan.FromSeconds(30), "the handshake to activate the subscription");
        Assert.Contains("", receiver.Verified); // the handshake: empty, signed

        // Someone else's referral that the same search would find were it theirs: no word of it.
        var other = new Support.Referral(Guid.NewGuid(), referral.ServiceId, referral.OrganisationId, "another-referrer");
        await api.Publish(new ReferralStatusChanged(other.Id, other.ServiceId, other.OrganisationId, other.ReferrerId,
            "accepted", "in-progress", null, "provider-staff", true, DateTimeOffset.UtcNow));
        await api.Publish(new ReferralStatusChanged(referral.Id, referral.ServiceId, referral.OrganisationId, referral.ReferrerId,
            "accepted", "in-progress", null, "provider-staff", true, DateTimeOffset.UtcNow));

        Bundle notification = null;
        await Eventually.Until(() =>
        {
            notification = receiver.Verified.Where(b => b.Length > 0).Select(b => new FhirJsonDeserializer().Deserialize<Bundle>(b)).FirstOrDefault();
            return System.Threading.Tasks.Task.FromResult(notification is not null);
        }, TimeSpan.FromSeconds(30), "the Task's notification");
        FhirValidation.AssertValid(notification);
        Assert.Equal(Bundle.BundleType.History, notification.Type);
        var entry = Assert.Single(notification.Entry);
        Assert.EndsWith($"/fhir/Task/{referral.Id}", entry.FullUrl);
        Assert.Null(entry.Resource); // id-only: nothing about the person
        await System.Threading.Tasks.Task.Delay(500);
        Assert.DoesNotContain(receiver.Verified, b => b.Contains(other.Id.ToString()));
        Assert.Empty(receiver.Rejected);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_provider_subscribed_on_its_organisation_hears_of_its_incoming_referral_and_a_deleted_subscription_is_gone()
    {
        await using var receiver = await WebhookReceiver.Start(Secret);
        var referral = await api.AcceptedReferral();
        var provider = FhirValidation.Client(api.ClientAs(referral.ProviderToken));
        // Counted before the subscription exists: its handshake may arrive before the create call returns.
        var before = receiver.Verified.Count;
        var created = await provider.CreateAsync(Subscription($"Task?owner=Organization/{referral.OrganisationId}&status=completed", receiver.Url));

        await api.Publish(new ReferralStatusChanged(referral.Id, referral.ServiceId, referral.OrganisationId, referral.ReferrerId,
            "accepted", "completed", null, "provider-staff", true, DateTimeOffset.UtcNow));
        // The handshake and the empty notification: both signed, both empty (R4's empty payload).
        await Eventually.Until(() => System.Threading.Tasks.Task.FromResult(receiver.Verified.Count >= before + 2), TimeSpan.FromSeconds(60), "the handshake and the notification");
        Assert.All(receiver.Verified, b => Assert.Equal("", b));

        await provider.DeleteAsync($"Subscription/{created.Id}");
        var gone = await Assert.ThrowsAsync<FhirOperationException>(() => provider.ReadAsync<Subscription>($"Subscription/{created.Id}"));
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
    }

    [Fact]
    public async System.Threading.Tasks.Task Someone_elses_subscription_is_a_404()
    {
        await using var receiver = await WebhookReceiver.Start(Secret);
        var mine = FhirValidation.Client(api.ClientAs(TestTokens.For(Roles.Practitioner, userId: "gp-owner")));
        var created = await mine.CreateAsync(Subscription("Task?requester=gp-owner", receiver.Url));

        var theirs = FhirValidation.Client(api.ClientAs(TestTokens.For(Roles.Practitioner, userId: "gp-other")));
        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => theirs.ReadAsync<Subscription>($"Subscription/{created.Id}"));
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        refused = await Assert.ThrowsAsync<FhirOperationException>(() => theirs.DeleteAsync($"Subscription/{created.Id}"));
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
    }

    [Theory]
    [InlineData("Observation?code=ons4", "Subscription.criteria")]
    [InlineData("Task?patient=Patient/1", "Subscription.criteria")]
    [InlineData("Task?status=finished", "Subscription.criteria")]
    [InlineData("Task?identifier=not-a-referral", "Subscription.criteria")]
    [InlineData("Task?requester=", "Subscription.criteria")]
    public async System.Threading.Tasks.Task Criteria_the_server_does_not_offer_are_a_422_OperationOutcome_naming_them(string criteria, string element)
    {
        var (status, outcome) = await Post(TestTokens.For(Roles.Practitioner, userId: "gp-a"),
            Json(Subscription(criteria, "http://127.0.0.1:9/hook")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
        Assert.Contains(outcome.GetProperty("issue").EnumerateArray(), i => i.GetProperty("code").GetString() == "business-rule"
            && i.TryGetProperty("expression", out var e) && e[0].GetString() == element);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_channel_that_is_not_rest_hook_or_asks_for_full_resources_is_a_422()
    {
        var websocket = Subscription("Task", "http://127.0.0.1:9/hook");
        websocket.Channel.Type = Hl7.Fhir.Model.Subscription.SubscriptionChannelType.Websocket;
        var full = Subscription("Task", "http://127.0.0.1:9/hook");
        full.Channel.Payload = "application/fhir+json";

        foreach (var (subscription, element) in new[] { (websocket, "Subscription.channel.type"), (full, "Subscription.channel.payload") })
        {
            var (status, outcome) = await Post(TestTokens.For(Roles.Practitioner, userId: "gp-a"), Json(subscription));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.Contains(outcome.GetProperty("issue").EnumerateArray(), i => i.TryGetProperty("expression", out var e) && e[0].GetString() == element);
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task A_missing_secret_reason_or_endpoint_and_a_body_that_is_not_a_Subscription_are_a_400()
    {
        var token = TestTokens.For(Roles.Practitioner, userId: "gp-a");
        var noSecret = Subscription("Task", "http://127.0.0.1:9/hook", secret: null);
        var noEndpoint = Subscription("Task", null);
        foreach (var (body, element) in new[] { (Json(noSecret), "Subscription.channel.extension:subscription-secret"), (Json(noEndpoint), "Subscription.channel.endpoint") })
        {
            var (status, outcome) = await Post(token, body);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains(outcome.GetProperty("issue").EnumerateArray(), i => i.GetProperty("code").GetString() == "invalid"
                && i.TryGetProperty("expression", out var e) && e[0].GetString() == element);
        }
        // R4's required elements (reason, criteria, channel) are checked by the parser already: not a valid Subscription.
        var noReason = Subscription("Task", "http://127.0.0.1:9/hook");
        noReason.Reason = null;
        var noCriteria = Subscription("Task", "http://127.0.0.1:9/hook");
        noCriteria.Criteria = null;
        foreach (var body in new[] { Json(noReason), Json(noCriteria), "{\"resourceType\":\"Patient\"}", "not json", "[]" })
        {
            var (status, outcome) = await Post(token, body);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("structure", outcome.GetProperty("issue")[0].GetProperty("code").GetString());
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task Only_a_practitioner_or_provider_may_subscribe()
    {
        var (status, outcome) = await Post(TestTokens.For(Roles.Curator), Json(Subscription("Task", "http://127.0.0.1:9/hook")));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
    }
}
