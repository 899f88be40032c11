using Security.Tests.Support;
using static Security.Tests.Support.Access;

namespace Security.Tests.Directory;

/// <summary>Who may call each Directory endpoint: one row per endpoint (two where published and pending listings differ).</summary>
public static class DirectoryMatrix
{
    private const string Api = "/api/directory";

    private static MatrixRow<DirectorySecurityApi> Row(string endpoint, Access access, Func<DirectorySecurityApi, Caller, Task<Request>> arrange,
        string? variant = null) => new(endpoint, access, arrange, variant);

    private static Func<DirectorySecurityApi, Caller, Task<Request>> Read(Func<DirectorySecurityApi, string> path) =>
        (api, _) => Task.FromResult(Request.To(path(api)));

    private static Func<DirectorySecurityApi, Caller, Task<Request>> Send(Func<DirectorySecurityApi, string> path, Func<DirectorySecurityApi, object> body) =>
        (api, _) => Task.FromResult(Request.WithJson(path(api), body(api)));

    private static readonly Access NoMessageForAdmin = AdminRole.But(Caller.Admin, Expect.NotFound, "no such message in the error queue");

    public static readonly IReadOnlyList<MatrixRow<DirectorySecurityApi>> Rows =
    [
        Row("GET /health/live", Public, Read(_ => "/health/live")),
        Row("GET /health/ready", Public, Read(_ => "/health/ready")),
        // Operational counts, nothing personal; in Kubernetes on its own port, opened to Prometheus only (docs/OPERATIONS.md).
        Row("GET /metrics", Public, Read(_ => "/metrics")),

        Row($"GET {Api}/organisations", Public, Read(_ => $"{Api}/organisations")),
        Row($"GET {Api}/organisations/{{id:guid}}", Public, Read(a => $"{Api}/organisations/{a.Parties.OwnOrg}")),
        Row($"POST {Api}/organisations", CuratorRole, Send(_ => $"{Api}/organisations", a => new { name = $"New organisation {a.Next()}" })),
        Row($"PUT {Api}/organisations/{{id:guid}}", OrganisationStaffOrCurator,
            Send(a => $"{Api}/organisations/{a.Parties.OwnOrg}", a => new { name = "Quayside Friends", description = $"Edit {a.Next()}" })),

        Row($"POST {Api}/services", OrganisationStaffOrCurator, Send(_ => $"{Api}/services", a => a.Listing($"Another club {a.Next()}"))),
        Row($"GET {Api}/services/{{id:guid}}", Public, Read(a => $"{Api}/services/{a.ListingId}")),
        Row($"GET {Api}/services/{{id:guid}}", OrganisationStaffOrCuratorHiddenFromAll, Read(a => $"{Api}/services/{a.PendingListingId}"), "pending listing"),
        Row($"PUT {Api}/services/{{id:guid}}", OrganisationStaffOrCurator, async (a, _) =>
            Request.WithJson($"{Api}/services/{await a.FreshListing()}", Edited(a))),
        Row($"PUT {Api}/services/{{id:guid}}",
            OrganisationStaffOrCuratorHidden.But(Caller.OwnOrgProvider, Expect.Conflict, "its own proposal waits for a curator"), async (a, _) =>
            Request.WithJson($"{Api}/services/{(await a.Propose()).ServiceId}", Edited(a)), "pending listing"),
        Row($"DELETE {Api}/services/{{id:guid}}", OrganisationStaffOrCurator, async (a, _) => Request.To($"{Api}/services/{await a.FreshListing()}")),
        Row($"DELETE {Api}/services/{{id:guid}}", OrganisationStaffOrCuratorHidden,
            async (a, _) => Request.To($"{Api}/services/{(await a.Propose()).ServiceId}"), "pending listing"),
        Row($"GET {Api}/services/{{id:guid}}/history", OrganisationStaffOrCurator, Read(a => $"{Api}/services/{a.ListingId}/history")),
        Row($"GET {Api}/services/{{id:guid}}/history", OrganisationStaffOrCuratorHidden,
            Read(a => $"{Api}/services/{a.PendingListingId}/history"), "pending listing"),
        Row($"PUT {Api}/services/{{id:guid}}/capacity", OrganisationStaffOrCurator, async (a, _) =>
            Request.WithJson($"{Api}/services/{await a.FreshListing()}/capacity", new { acceptingReferrals = "waitlist", spaces = 3 })),
        Row($"POST {Api}/services/{{id:guid}}/confirm", OrganisationStaffOrCurator,
            async (a, _) => Request.To($"{Api}/services/{await a.FreshListing()}/confirm")),
        Row($"GET {Api}/my/services", Provider, Read(_ => $"{Api}/my/services")),

        Row($"GET {Api}/locations", Public, Read(a => $"{Api}/locations?organisationId={a.Parties.OwnOrg}")),
        Row($"GET {Api}/locations/{{id:guid}}", Public, Read(a => $"{Api}/locations/{a.LocationId}")),
        Row($"POST {Api}/locations", ProviderOrCurator, Send(_ => $"{Api}/locations", a => new
            { organisationId = a.Parties.OwnOrg, name = $"Community room {a.Next()}", postcode = "PO6 3AA", accessibility = new[] { "step-free" } })),
        Row($"PUT {Api}/locations/{{id:guid}}", OrganisationStaffOrCurator, async (a, _) =>
            Request.WithJson($"{Api}/locations/{await a.NewLocation("Cosham")}", new { name = $"Renamed hall {a.Next()}", postcode = "PO6 3AA" })),

        Row($"GET {Api}/moderation", CuratorRole, Read(_ => $"{Api}/moderation")),
        Row($"GET {Api}/moderation/{{changeId:guid}}", CuratorRole, async (a, _) => Request.To($"{Api}/moderation/{(await a.Propose()).ChangeId}")),
        Row($"POST {Api}/moderation/{{changeId:guid}}/approve", CuratorRole, async (a, _) =>
            Request.WithJson($"{Api}/moderation/{(await a.Propose()).ChangeId}/approve", new { note = "Looks right" })),
        Row($"POST {Api}/moderation/{{changeId:guid}}/reject", CuratorRole, async (a, _) =>
            Request.WithJson($"{Api}/moderation/{(await a.Propose()).ChangeId}/reject", new { note = "Not a community activity" })),

        Row($"POST {Api}/crisis/suspend", CuratorRole, async (a, _) =>
            Request.WithJson($"{Api}/crisis/suspend", new { ward = (await a.ListingInOwnWard()).Ward, publicNote = "Closed after the storm" })),
        Row($"POST {Api}/crisis/reinstate", CuratorRole, async (a, _) =>
            Request.WithJson($"{Api}/crisis/reinstate", new { ward = await a.Suspend((await a.ListingInOwnWard()).Ward) })),

        Row($"POST {Api}/crisis/preview", CuratorRole, async (a, _) =>
            Request.WithJson($"{Api}/crisis/preview", new { ward = (await a.ListingInOwnWard()).Ward })),
        Row($"GET {Api}/crisis", CuratorRole, Read(_ => $"{Api}/crisis")),
        // The banner on public pages: the crisis's scope, note and alternative, nothing else.
        Row($"GET {Api}/crisis/current", Public, Read(_ => $"{Api}/crisis/current")),
        Row($"POST {Api}/crisis/{{id:guid}}/end", CuratorRole, async (a, _) => Request.To($"{Api}/crisis/{await a.DeclaredCrisis()}/end")),
        Row($"GET {Api}/wards", Public, Read(_ => $"{Api}/wards")),
        Row($"POST {Api}/services/{{id:guid}}/closure", OrganisationStaffOrCurator, async (a, _) =>
            Request.WithJson($"{Api}/services/{await a.FreshListing()}/closure", new { publicNote = "Closed while the hall is repainted" })),
        Row($"DELETE {Api}/services/{{id:guid}}/closure", OrganisationStaffOrCurator, async (a, _) =>
            Request.To($"{Api}/services/{await a.ClosedListing()}/closure")),
        Row($"POST {Api}/moderation/approve", CuratorRole, async (a, _) =>
            Request.WithJson($"{Api}/moderation/approve", new { changeIds = new[] { (await a.Propose()).ChangeId }, note = "Routine update" })),

        Row($"GET {Api}/taxonomy", Public, Read(_ => $"{Api}/taxonomy")),
        Row($"GET {Api}/taxonomy/tree", CuratorRole, Read(_ => $"{Api}/taxonomy/tree")),
        Row($"PUT {Api}/taxonomy/terms/{{code}}", CuratorRole, async (a, _) =>
            Request.WithJson($"{Api}/taxonomy/terms/{await a.NewTerm()}", new { name = $"Renamed term {a.Next()}" })),
        Row($"POST {Api}/taxonomy/terms/{{code}}/merge", CuratorRole, async (a, _) =>
            Request.WithJson($"{Api}/taxonomy/terms/{await a.NewTerm()}/merge", new { into = await a.NewTerm() })),
        Row($"POST {Api}/taxonomy/terms/{{code}}/retire", CuratorRole, async (a, _) => Request.To($"{Api}/taxonomy/terms/{await a.NewTerm()}/retire")),
        Row($"POST {Api}/taxonomy/terms", CuratorRole,
            Send(_ => $"{Api}/taxonomy/terms", a => new { taxonomyId = a.TaxonomyId, code = $"fuzzed-term-{a.Next()}", name = "Sea swimming" })),
        Row($"GET {Api}/search", Public, Read(_ => $"{Api}/search?q=lunch&postcode=PO6%203AA&radiusKm=5")),
        Row($"GET {Api}/search/insights", CuratorRole, Read(_ => $"{Api}/search/insights?days=30")),
        Row($"POST {Api}/search/{{searchId:guid}}/gap", Public, async (a, _) => Request.To($"{Api}/search/{await a.MissedSearch()}/gap")),
        Row($"GET {Api}/postcodes/{{postcode}}", Public, Read(_ => $"{Api}/postcodes/PO6%203AA")),
        Row($"POST {Api}/postcodes/import", CuratorRole, (_, _) => Task.FromResult(Request.WithText($"{Api}/postcodes/import",
            "pcd,pcds,lat,long,osward,ward_name\nPO6 3AB,PO6 3AB,50.846500,-1.067500,E05002455,Cosham\n", "text/csv"))),
        Row($"POST {Api}/import", CuratorRole, Send(_ => $"{Api}/import", a => new { json = OrukService(a.Next()), publisher = "matrix" })),
        Row($"GET {Api}/import/feeds", CuratorRole, Read(_ => $"{Api}/import/feeds")),
        Row($"POST {Api}/import/feeds", CuratorRole, Send(_ => $"{Api}/import/feeds",
            a => new { url = $"http://127.0.0.1:9/matrix-{a.Next()}/services", intervalMinutes = 60 })),
        Row($"PUT {Api}/import/feeds/{{id:guid}}", CuratorRole, async (a, _) =>
            Request.WithJson($"{Api}/import/feeds/{await a.ScheduledFeed()}", new { intervalMinutes = 120, enabled = false })),
        Row($"POST {Api}/import/feeds/{{id:guid}}/run", CuratorRole, async (a, _) => Request.To($"{Api}/import/feeds/{await a.ScheduledFeed()}/run")),
        Row($"GET {Api}/import/runs", CuratorRole, Read(_ => $"{Api}/import/runs")),
        Row($"GET {Api}/import/runs/{{id:guid}}", CuratorRole, async (a, _) =>
        {
            await a.PublisherTerm();
            using var curator = a.ClientFor(Caller.Curator);
            var runs = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(curator, $"{Api}/import/runs");
            return Request.To($"{Api}/import/runs/{runs[0].GetProperty("id").GetGuid()}");
        }),
        Row($"GET {Api}/import/terms", CuratorRole, Read(_ => $"{Api}/import/terms")),
        Row($"PUT {Api}/import/terms/{{id:guid}}", CuratorRole, async (a, _) =>
            Request.WithJson($"{Api}/import/terms/{await a.PublisherTerm()}", new { code = "advice" })),
        Row($"POST {Api}/services/{{id:guid}}/restore", CuratorRole, async (a, _) => Request.To($"{Api}/services/{await a.WithdrawnListing()}/restore")),

        // The search vocabulary: curators only (no personal data, but it changes every search).
        Row($"GET {Api}/vocabulary", CuratorRole, Read(_ => $"{Api}/vocabulary?q=lonely&kind=words&page=1&pageSize=5")),
        Row($"GET {Api}/vocabulary/{{id:guid}}", CuratorRole, async (a, _) => Request.To($"{Api}/vocabulary/{await a.VocabularyRule()}")),
        Row($"POST {Api}/vocabulary", CuratorRole, Send(_ => $"{Api}/vocabulary",
            a => new { kind = "words", typed = new[] { $"matrix phrase {a.Next()}" }, alsoFinds = new[] { "lunch" }, note = "Matrix" })),
        Row($"PUT {Api}/vocabulary/{{id:guid}}", CuratorRole, async (a, _) => Request.WithJson($"{Api}/vocabulary/{await a.VocabularyRule()}",
            new { kind = "meaning", typed = new[] { $"matrix phrase {a.Next()}" }, alsoFinds = new[] { "company" } })),
        Row($"DELETE {Api}/vocabulary/{{id:guid}}", CuratorRole, async (a, _) => Request.To($"{Api}/vocabulary/{await a.VocabularyRule()}")),

        // Open Referral UK: public, at the service root.
        Row("GET /", Public, Read(_ => "/")),
        Row("GET /services", Public, Read(a => $"/services?search=lunch&organization_id={a.Parties.OwnOrg}&modified_after=2020-01-01&page=1&per_page=500")),
        Row("GET /services/{id}", Public, Read(a => $"/services/{a.ListingId}")),
        Row("GET /service_at_locations", Public, Read(_ => "/service_at_locations?page=1")),
        Row("GET /service_at_locations/{id}", Public, Read(a => $"/service_at_locations/{a.ServiceAtLocationId}")),
        Row("GET /organizations", Public, Read(_ => "/organizations?search=quayside&page=1&per_page=5")),
        Row("GET /organizations/{id}", Public, Read(a => $"/organizations/{a.Parties.OwnOrg}?full_service=true")),
        Row("GET /taxonomies", Public, Read(_ => "/taxonomies")),
        Row("GET /taxonomies/{id}", Public, Read(a => $"/taxonomies/{a.TaxonomyId}")),
        Row("GET /taxonomy_terms", Public, Read(_ => "/taxonomy_terms?page=1&per_page=5")),
        Row("GET /taxonomy_terms/{id}", Public, Read(a => $"/taxonomy_terms/{a.TermId}")),

        // FHIR R4 (docs/FHIR.md): the same listings, as public as ORUK; an unpublished one as hidden as in the JSON API.
        Row("GET /fhir/HealthcareService", Public, Read(a => $"/fhir/HealthcareService?name=quayside&organization=Organization/{a.Parties.OwnOrg}&_count=5")),
        Row("GET /fhir/HealthcareService/{id}", Public, Read(a => $"/fhir/HealthcareService/{a.ListingId}")),
        Row("GET /fhir/HealthcareService/{id}", OrganisationStaffOrCuratorHiddenFromAll, Read(a => $"/fhir/HealthcareService/{a.PendingListingId}"), "pending listing"),
        Row("GET /fhir/Organization/{id}", Public, Read(a => $"/fhir/Organization/{a.Parties.OwnOrg}")),
        Row("GET /fhir/Location/{id}", Public, Read(a => $"/fhir/Location/{a.LocationId}")),

        // Operators (docs/OPERATIONS.md). No message is in the error queue here, so the admin's retry and discard find none.
        Row($"GET {Api}/operations/error-queues/", AdminRole, Read(_ => $"{Api}/operations/error-queues")),
        Row($"POST {Api}/operations/error-queues/{{queue}}/messages/{{messageId:guid}}/retry", NoMessageForAdmin,
            (_, _) => Task.FromResult(Request.To($"{Api}/operations/error-queues/directory-service-listed_error/messages/{Guid.NewGuid()}/retry"))),
        Row($"POST {Api}/operations/error-queues/{{queue}}/messages/{{messageId:guid}}/discard", NoMessageForAdmin,
            (_, _) => Task.FromResult(Request.WithJson($"{Api}/operations/error-queues/directory-service-listed_error/messages/{Guid.NewGuid()}/discard",
                new { reason = "Replayed by hand" }))),
    ];

    /// <summary>A whole-listing edit at version 1 (a fresh listing's): a new summary, and a material change to the name.</summary>
    private static object Edited(DirectorySecurityApi a)
    {
        var listing = System.Text.Json.JsonSerializer.SerializeToNode(a.Listing($"Renamed club {a.Next()}"))!.AsObject();
        listing.Remove("organisationId");
        listing["version"] = 1;
        listing["summary"] = "Now with pudding.";
        return listing;
    }

    private static object OrukService(int n) => new
    {
        id = Guid.NewGuid(),
        name = $"Imported walking group {n}",
        description = "A gentle walk along the seafront.",
        status = "active",
        organization = new { id = Guid.NewGuid(), name = "Imported walkers", description = "Walkers" },
    };
}
