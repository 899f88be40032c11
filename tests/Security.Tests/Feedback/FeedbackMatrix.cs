using Security.Tests.Support;
using static Security.Tests.Support.Access;

namespace Security.Tests.Feedback;

/// <summary>
/// Who may call each Feedback endpoint. A referral's attendance and outcomes: written by the receiving organisation's
/// staff, read by them and by the referrer where the person agreed; anyone else with no right to the referral gets the
/// same 404 as for an unknown one.
/// </summary>
public static class FeedbackMatrix
{
    private const string Api = "/api/feedback";

    private static MatrixRow<FeedbackSecurityApi> Row(string endpoint, Access access, Func<FeedbackSecurityApi, Caller, Task<Request>> arrange) =>
        new(endpoint, access, arrange);

    private static Func<FeedbackSecurityApi, Caller, Task<Request>> Read(Func<FeedbackSecurityApi, string> path) =>
        (api, _) => Task.FromResult(Request.To(path(api)));

    private static Func<FeedbackSecurityApi, Caller, Task<Request>> Send(Func<FeedbackSecurityApi, string> path, object body) =>
        (api, _) => Task.FromResult(Request.WithJson(path(api), body));

    private static Func<FeedbackSecurityApi, Caller, Task<Request>> OnFreshReferral(string action, object body) =>
        async (api, _) => Request.WithJson($"{Api}/referrals/{await api.AcceptedReferral()}/{action}", body);

    private static readonly Access NoMessageForAdmin = AdminRole.But(Caller.Admin, Expect.NotFound, "no such message in the error queue");
    private static readonly Access NoDeliveryForAdmin = AdminRole.But(Caller.Admin, Expect.NotFound, "no such delivery");

    public static readonly IReadOnlyList<MatrixRow<FeedbackSecurityApi>> Rows =
    [
        Row("GET /health/live", Public, Read(_ => "/health/live")),
        Row("GET /health/ready", Public, Read(_ => "/health/ready")),
        // Operational counts, nothing personal; in Kubernetes on its own port, opened to Prometheus only (docs/OPERATIONS.md).
        Row("GET /metrics", Public, Read(_ => "/metrics")),

        Row($"GET {Api}/activities/{{serviceId:guid}}", Public, Read(a => $"{Api}/activities/{a.ServiceId}")),
        Row($"POST {Api}/activities/{{serviceId:guid}}/feedback", Public,
            Send(a => $"{Api}/activities/{a.ServiceId}/feedback", new { rating = 5, comment = "Made me welcome." })),
        // The listing's own organisation replies once to published feedback; its feedback history for its staff and curators.
        Row($"POST {Api}/activities/{{serviceId:guid}}/feedback/{{id:guid}}/reply", OrganisationStaffOnly, async (a, _) =>
            Request.WithJson($"{Api}/activities/{a.ServiceId}/feedback/{await a.PublishedFeedbackItem()}/reply", new { text = "Thank you for coming." })),
        Row($"GET {Api}/activities/{{serviceId:guid}}/history", OrganisationStaffOrCurator, Read(a => $"{Api}/activities/{a.ServiceId}/history")),
        Row($"POST {Api}/outcome-links/{{token}}", Public, async (a, _) =>
            Request.WithJson($"{Api}/outcome-links/{await a.OutcomeLinkToken()}", FeedbackSecurityApi.Outcome("baseline"))),

        Row($"POST {Api}/referrals/{{referralId:guid}}/attendance", ReceivingProvider,
            OnFreshReferral("attendance", new { sessionDate = DateOnly.FromDateTime(DateTime.UtcNow), status = "attended" })),
        Row($"GET {Api}/referrals/{{referralId:guid}}/attendance", ReceivingProviderOrConsentedReferrer,
            Read(a => $"{Api}/referrals/{a.ReferralId}/attendance")),
        Row($"POST {Api}/referrals/{{referralId:guid}}/outcomes", ReceivingProvider, OnFreshReferral("outcomes", FeedbackSecurityApi.Outcome("baseline"))),
        Row($"POST {Api}/referrals/{{referralId:guid}}/outcome-links", ReceivingProvider, OnFreshReferral("outcome-links", new { stage = "baseline" })),
        Row($"PUT {Api}/referrals/{{referralId:guid}}/first-session", ReceivingProvider,
            OnFreshReferral("first-session", new { startsAt = DateTimeOffset.UtcNow.AddDays(7) })),
        Row($"GET {Api}/referrals/{{referralId:guid}}/summary", ReceivingProviderOrConsentedReferrer,
            Read(a => $"{Api}/referrals/{a.ReferralId}/summary")),

        Row($"GET {Api}/moderation/", CuratorRole, Read(_ => $"{Api}/moderation")),
        Row($"POST {Api}/moderation/{{id:guid}}/approve", CuratorRole,
            async (a, _) => Request.To($"{Api}/moderation/{await a.FeedbackItem()}/approve")),
        Row($"POST {Api}/moderation/{{id:guid}}/reject", CuratorRole,
            async (a, _) => Request.WithJson($"{Api}/moderation/{await a.FeedbackItem()}/reject", new { reason = "Names a volunteer" })),

        Row($"GET {Api}/inbox", AnySignedIn, Read(_ => $"{Api}/inbox")),
        Row($"GET {Api}/inbox/stream", AnySignedIn, Read(_ => $"{Api}/inbox/stream")),
        Row($"POST {Api}/inbox/{{id:guid}}/read", Recipient, async (a, _) => Request.To($"{Api}/inbox/{await a.MessageToReferrer()}/read")),
        Row($"GET {Api}/preferences", AnySignedIn, Read(_ => $"{Api}/preferences")),
        Row($"PUT {Api}/preferences", AnySignedIn, Send(_ => $"{Api}/preferences",
            new { email = "me@example.org", channels = new[] { "in-app", "email" }, dailyDigest = true })),

        Row($"POST {Api}/webhooks/", PractitionerOrAdmin, Send(_ => $"{Api}/webhooks",
            new { url = "https://hooks.example.org/gp-system", secret = "another-long-shared-secret", events = new[] { "status-changed" } })),
        Row($"GET {Api}/webhooks/", PractitionerOrAdmin, Read(_ => $"{Api}/webhooks")),
        Row($"POST {Api}/people/export", CuratorRole, (a, _) => Task.FromResult(Request.WithJson($"{Api}/people/export",
            new { referralIds = new[] { a.ReferralId } }))),
        Row($"GET {Api}/insights/", InsightReader, Read(_ => $"{Api}/insights?from=2026-01-01&to=2026-03-31")),
        Row($"GET {Api}/insights/{{table}}", InsightReader, Read(_ => $"{Api}/insights/funnel-by-team.csv?ward=Cosham")),
        Row($"POST {Api}/insights/ward-indicators", CuratorRole, Send(_ => $"{Api}/insights/ward-indicators",
            new { csv = "ward code,ward name,population,risk index,aged 75+ living alone\nE05002451,Cosham,13480,0.52,574\n" })),
        Row($"GET {Api}/deliveries", AdminRole, Read(_ => $"{Api}/deliveries?status=pending")),
        Row($"POST {Api}/deliveries/{{id:guid}}/resolve", NoDeliveryForAdmin,
            Send(_ => $"{Api}/deliveries/{Guid.NewGuid()}/resolve", new { outcome = "sent" })),
        Row($"GET {Api}/audit", AdminRole, Read(_ => $"{Api}/audit?action=read-summary&from=2020-01-01&to=2099-12-31&page=1&pageSize=20")),
        // Operators (docs/OPERATIONS.md). No message is in the error queue here, so the admin's retry and discard find none.
        Row($"GET {Api}/operations/error-queues/", AdminRole, Read(_ => $"{Api}/operations/error-queues")),
        Row($"POST {Api}/operations/error-queues/{{queue}}/messages/{{messageId:guid}}/retry", NoMessageForAdmin,
            (_, _) => Task.FromResult(Request.To($"{Api}/operations/error-queues/feedback-referral-status-changed_error/messages/{Guid.NewGuid()}/retry"))),
        Row($"POST {Api}/operations/error-queues/{{queue}}/messages/{{messageId:guid}}/discard", NoMessageForAdmin,
            (_, _) => Task.FromResult(Request.WithJson($"{Api}/operations/error-queues/feedback-referral-status-changed_error/messages/{Guid.NewGuid()}/discard",
                new { reason = "Replayed by hand" }))),
        Row($"GET {Api}/operations/trail/{{referralId:guid}}", AdminRole, Read(a => $"{Api}/operations/trail/{a.ReferralId}?messageId={Guid.NewGuid()}")),

        // FHIR R4 (docs/FHIR.md): attendance and outcomes under the same rule as the JSON reads (a search finds nothing
        // for those without it); Subscriptions on Task for practitioners and providers, each its owner's alone.
        Row("GET /fhir/Encounter/{id}", ReceivingProviderOrConsentedReferrer, async (a, _) => Request.To($"/fhir/Encounter/{await a.SessionId()}")),
        Row("GET /fhir/Encounter", AnySignedIn, Read(a => $"/fhir/Encounter?based-on=ServiceRequest/{a.ReferralId}&_count=10")),
        Row("GET /fhir/Observation/{id}", ReceivingProviderOrConsentedReferrer, async (a, _) => Request.To($"/fhir/Observation/{await a.Ons4ObservationId()}")),
        Row("GET /fhir/Observation", AnySignedIn, Read(a => $"/fhir/Observation?based-on=ServiceRequest/{a.ReferralId}&_count=10")),
        Row("POST /fhir/Subscription/", PractitionerOrProvider, (_, _) => Task.FromResult(Request.WithText("/fhir/Subscription",
            System.Text.Json.JsonSerializer.Serialize(FeedbackSecurityApi.FhirSubscription("Task?status=completed"), System.Text.Json.JsonSerializerOptions.Web),
            "application/fhir+json"))),
        Row("GET /fhir/Subscription/{id}", SubscriptionOwner, async (a, _) => Request.To($"/fhir/Subscription/{await a.ReferrersSubscription()}")),
        Row("DELETE /fhir/Subscription/{id}", SubscriptionOwner, async (a, _) => Request.To($"/fhir/Subscription/{await a.ReferrersSubscription()}")),

        Row($"POST {Api}/account-messages", PortalServiceOnly, (_, _) => Task.FromResult(Request.WithJson($"{Api}/account-messages",
            new { messageId = Guid.NewGuid(), to = "newcomer@example.org", subject = "Confirm your email address", body = "Open the link." }))),
        Row($"GET {Api}/mail-drop", PortalServiceOnly, Read(_ => $"{Api}/mail-drop?to=newcomer%40example.org")),
        // Each caller's own mail and their referred people's; who referred whom is Feedback's rule (MailDropTests).
        Row($"GET {Api}/mail-drop/mine", AnySignedIn, Read(_ => $"{Api}/mail-drop/mine")),
    ];
}
