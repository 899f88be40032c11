using ReferralsService.Domain;
using Security.Tests.Support;
using static Security.Tests.Support.Access;

namespace Security.Tests.Referrals;

/// <summary>Who may call each Referrals endpoint. Curators and admins see statistics only: a referral is a 404 to them.</summary>
public static class ReferralsMatrix
{
    private const string Api = "/api/referrals";

    private static MatrixRow<ReferralsSecurityApi> Row(string endpoint, Access access, Func<ReferralsSecurityApi, Caller, Task<Request>> arrange) =>
        new(endpoint, access, arrange);

    private static Func<ReferralsSecurityApi, Caller, Task<Request>> Read(Func<ReferralsSecurityApi, string> path) =>
        (api, _) => Task.FromResult(Request.To(path(api)));

    /// <summary>A lifecycle action on a fresh referral in the state the action starts from.</summary>
    private static Func<ReferralsSecurityApi, Caller, Task<Request>> Act(ReferralStatus from, string action, object? body = null) =>
        async (api, _) =>
        {
            var path = $"{Api}/{await api.Referral(from)}/{action}";
            return body is null ? Request.To(path) : Request.WithJson(path, body);
        };

    private static readonly Access NoMessageForAdmin = AdminRole.But(Caller.Admin, Expect.NotFound, "no such message in the error queue");

    public static readonly IReadOnlyList<MatrixRow<ReferralsSecurityApi>> Rows =
    [
        Row("GET /health/live", Public, Read(_ => "/health/live")),
        Row("GET /health/ready", Public, Read(_ => "/health/ready")),
        // Operational counts, nothing personal; in Kubernetes on its own port, opened to Prometheus only (docs/OPERATIONS.md).
        Row("GET /metrics", Public, Read(_ => "/metrics")),

        Row($"GET {Api}/referrable-services/{{serviceId:guid}}", AnySignedIn, Read(a => $"{Api}/referrable-services/{a.ServiceId}")),
        Row($"POST {Api}/", Practitioner, (a, _) => Task.FromResult(Request.WithJson($"{Api}/", a.NewReferral()))),
        Row($"POST {Api}/self", Resident, (a, _) => Task.FromResult(Request.WithJson($"{Api}/self",
            new { serviceId = a.ServiceId, person = a.Person(), consent = ReferralsSecurityApi.Consent(), reason = "I am lonely" }))),
        Row($"GET {Api}/", Practitioner, Read(a => $"{Api}/?status=accepted&serviceId={a.ServiceId}&from=2020-01-01&to=2099-12-31&page=1&pageSize=20")),
        Row($"GET {Api}/incoming", Provider, Read(_ => $"{Api}/incoming?status=accepted&page=1&pageSize=50")),
        Row($"GET {Api}/stats", CuratorRole, Read(_ => $"{Api}/stats")),
        Row($"GET {Api}/audit", AdminRole, Read(a => $"{Api}/audit?referralId={a.ReferralId}&action=read&from=2020-01-01&to=2099-12-31&page=1&pageSize=20")),
        Row($"GET {Api}/settings/retention", AdminRole, Read(_ => $"{Api}/settings/retention")),
        // The configured default again: an admin caller changes the period, and must leave it as the other tests expect.
        Row($"PUT {Api}/settings/retention", AdminRole, (_, _) => Task.FromResult(Request.WithJson($"{Api}/settings/retention", new { days = 365 }))),
        // Operators (docs/OPERATIONS.md). No message is in the error queue here, so the admin's retry and discard find none.
        Row($"GET {Api}/operations/error-queues/", AdminRole, Read(_ => $"{Api}/operations/error-queues")),
        Row($"POST {Api}/operations/error-queues/{{queue}}/messages/{{messageId:guid}}/retry", NoMessageForAdmin,
            (_, _) => Task.FromResult(Request.To($"{Api}/operations/error-queues/referrals-attendance-recorded_error/messages/{Guid.NewGuid()}/retry"))),
        Row($"POST {Api}/operations/error-queues/{{queue}}/messages/{{messageId:guid}}/discard", NoMessageForAdmin,
            (_, _) => Task.FromResult(Request.WithJson($"{Api}/operations/error-queues/referrals-attendance-recorded_error/messages/{Guid.NewGuid()}/discard",
                new { reason = "Replayed by hand" }))),
        Row($"GET {Api}/operations/trail/{{id:guid}}", AdminRole, Read(a => $"{Api}/operations/trail/{a.ReferralId}?messageId={Guid.NewGuid()}")),
        Row($"POST {Api}/people/export", CuratorRole, (a, _) => Task.FromResult(Request.WithJson($"{Api}/people/export",
            new { person = new { nhsNumber = ReferralsSecurityApi.NhsNumber } }))),
        Row($"POST {Api}/people/erase", CuratorRole, async (a, _) => Request.WithJson($"{Api}/people/erase", await a.ErasureOfFreshPerson())),
        Row($"GET {Api}/{{id:guid}}", PartyToReferral, Read(a => $"{Api}/{a.ReferralId}")),

        Row($"POST {Api}/{{id:guid}}/consent", ReferrerSide, async (a, _) =>
            Request.WithJson($"{Api}/{await a.Referral(ReferralStatus.Requested)}/consent", ReferralsSecurityApi.Consent())),
        Row($"POST {Api}/{{id:guid}}/request", ReferrerSideOfDraft, Act(ReferralStatus.Draft, "request")),
        Row($"POST {Api}/{{id:guid}}/accept", ProviderSide, Act(ReferralStatus.Requested, "accept")),
        Row($"POST {Api}/{{id:guid}}/reject", ProviderSide, Act(ReferralStatus.Requested, "reject", new { reason = "no-capacity", note = "Full until spring" })),
        Row($"POST {Api}/{{id:guid}}/start", ProviderSide, Act(ReferralStatus.Accepted, "start")),
        Row($"POST {Api}/{{id:guid}}/hold", ProviderSide, Act(ReferralStatus.Accepted, "hold", new { note = "In hospital" })),
        Row($"POST {Api}/{{id:guid}}/complete", ProviderSide, Act(ReferralStatus.Accepted, "complete")),
        Row($"POST {Api}/{{id:guid}}/fail", ProviderSide, Act(ReferralStatus.Accepted, "fail", new { reason = "did-not-attend" })),
        Row($"POST {Api}/{{id:guid}}/cancel", PartyToReferral, Act(ReferralStatus.Accepted, "cancel", new { reason = "Moved away" })),
        Row($"POST {Api}/{{id:guid}}/entered-in-error", ReferrerSide, Act(ReferralStatus.Accepted, "entered-in-error", new { reason = "Wrong person" })),

        Row($"GET {Api}/{{id:guid}}/messages", PartyToReferral, Read(a => $"{Api}/{a.ReferralId}/messages")),
        Row($"POST {Api}/{{id:guid}}/messages", PartyToReferral,
            (a, _) => Task.FromResult(Request.WithJson($"{Api}/{a.ReferralId}/messages", new { text = "Any news?" }))),

        // FHIR R4 (docs/FHIR.md): the same rules and rights; a search finds only what the caller has a side in.
        Row("GET /fhir/metadata", Public, Read(_ => "/fhir/metadata")),
        Row("POST /fhir/", Practitioner, (a, _) => Task.FromResult(Request.WithText("/fhir", a.NewReferralBundle(), "application/fhir+json"))),
        Row("GET /fhir/Task/{id}", PartyToReferral, Read(a => $"/fhir/Task/{a.ReferralId}")),
        Row("GET /fhir/Task", AnySignedIn, Read(a => $"/fhir/Task?identifier=urn:uuid:{a.ReferralId}&status=accepted&_lastUpdated=ge2020-01-01&_count=10")),
    ];
}
