// The Firely model marks nearly every element nullable; these tests assert the shape they navigate.
#nullable disable warnings
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BuildingBlocks.Auth;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using TestSupport;
using static Referrals.Tests.Features.ReferralsApi;
using FhirTask = Hl7.Fhir.Model.Task;
using Task = System.Threading.Tasks.Task;

namespace Referrals.Tests.Features.Fhir;

/// <summary>
/// A GP system refers and hears back over FHIR R4 (docs/FHIR.md): the Firely FhirClient over real HTTP against the
/// Referrals service on PostgreSQL, every resource it gets back checked against the R4 base definitions.
/// </summary>
public sealed class FhirReferralTests(FhirReferralsApi api) : IClassFixture<FhirReferralsApi>
{
    private FhirClient Gp(string? token = null) => FhirValidation.Client(api.ClientAs(token ?? Practitioner()));

    private async Task<(Guid Service, Guid Id, FhirTask Task)> Referred(string given = "Mary", Guid? organisation = null)
    {
        var org = organisation ?? ProviderOrg;
        var service = await api.ListService(organisation: org);
        var response = await Gp().TransactionAsync(ReferralBundle.For(service, org, given: given));
        FhirValidation.AssertValid(response);
        var task = response.Entry.Select(e => e.Resource).OfType<FhirTask>().Single();
        return (service, Guid.Parse(task.Id), task);
    }

    [Fact]
    public async Task Metadata_is_an_R4_CapabilityStatement_in_JSON_and_in_XML_without_signing_in()
    {
        var statement = await FhirValidation.Client(api.ClientAs(null)).CapabilityStatementAsync();

        FhirValidation.AssertValid(statement!);
        Assert.Equal(FHIRVersion.N4_0_1, statement!.FhirVersion);
        var rest = Assert.Single(statement.Rest);
        Assert.Contains(rest.Interaction, i => i.Code == CapabilityStatement.SystemRestfulInteraction.Transaction);
        Assert.Contains(rest.Resource, r => r.Type == "Task" && r.SearchParam.Any(p => p.Name == "_lastUpdated"));
        // Served by Feedback, at this same /fhir in the embedded host (docs/FHIR.md).
        Assert.Contains(rest.Resource, r => r.Type == "Subscription" && r.Interaction.Any(i => i.Code == CapabilityStatement.TypeRestfulInteraction.Create));
        Assert.Contains(rest.Resource, r => r.Type == "Observation" && r.SearchParam.Any(p => p.Name == "based-on"));
        Assert.Contains(rest.Resource, r => r.Type == "Encounter" && r.SearchParam.Any(p => p.Name == "based-on"));

        using var http = api.ClientAs(null);
        var xml = await http.GetAsync("/fhir/metadata?_format=xml");
        Assert.Equal("application/fhir+xml", xml.Content.Headers.ContentType?.MediaType);
        var parsed = new FhirXmlDeserializer().Deserialize<CapabilityStatement>(await xml.Content.ReadAsStringAsync());
        Assert.Equal(statement.Url, parsed.Url);
    }

    [Fact]
    public async Task A_GP_system_posts_a_referral_bundle_and_gets_a_requested_Task_for_a_referral_with_the_same_content()
    {
        var service = await api.ListService();

        var response = await Gp().TransactionAsync(ReferralBundle.For(service, ProviderOrg));

        FhirValidation.AssertValid(response);
        Assert.Equal(Bundle.BundleType.TransactionResponse, response.Type);
        Assert.All(response.Entry, e => Assert.StartsWith("201", e.Response.Status));
        var task = response.Entry.Select(e => e.Resource).OfType<FhirTask>().Single();
        Assert.Equal(FhirTask.TaskStatus.Requested, task.Status);
        Assert.Equal("awaiting-response", task.BusinessStatus.Coding[0].Code);
        Assert.Equal($"Organization/{ProviderOrg}", task.Owner.Reference);
        var id = Guid.Parse(task.Id);
        Assert.Equal($"urn:uuid:{id}", task.Identifier[0].Value);

        // The JSON API holds exactly what the Bundle said.
        using var json = api.ClientAs(Practitioner());
        var referral = await (await json.GetAsync($"/api/referrals/{id}")).Json();
        Assert.Equal("requested", referral.GetProperty("status").GetString());
        Assert.Equal(service, referral.GetProperty("serviceId").GetGuid());
        var person = referral.GetProperty("person");
        Assert.Equal("Mary", person.GetProperty("givenName").GetString());
        Assert.Equal("O'Brien", person.GetProperty("familyName").GetString());
        Assert.Equal("1948-05-17", person.GetProperty("dateOfBirth").GetString());
        Assert.Equal(ReferralBundle.ValidNhsNumber, person.GetProperty("nhsNumber").GetString());
        Assert.Equal("07700 900123", person.GetProperty("phone").GetString());
        Assert.Equal("mary@example.org", person.GetProperty("email").GetString());
        Assert.Equal(["loneliness", "bereavement"], person.GetProperty("needs").Strings());
        Assert.Equal("Prefers mornings", person.GetProperty("notes").GetString());
        Assert.Equal("Recently bereaved and lives alone", referral.GetProperty("reason").GetString());
        var consent = referral.GetProperty("consent");
        Assert.True(consent.GetProperty("shareWithProvider").GetBoolean());
        Assert.True(consent.GetProperty("shareOutcomesWithReferrer").GetBoolean());
        Assert.True(consent.GetProperty("contactBySms").GetBoolean());
        Assert.False(consent.GetProperty("contactByEmail").GetBoolean());
        Assert.Equal("verbal", consent.GetProperty("method").GetString());
        Assert.Equal(1, await api.OutboxCount("ReferralStatusChanged", id));
    }

    [Fact]
    public async Task The_provider_accepts_through_the_JSON_API_and_the_GP_reads_an_accepted_Task_and_finds_it_by_status()
    {
        var (_, id, _) = await Referred();
        using var provider = api.ClientAs(Provider());
        Assert.Equal(HttpStatusCode.OK, (await provider.Post(id, "accept")).StatusCode);

        var task = await Gp().ReadAsync<FhirTask>($"Task/{id}");

        FhirValidation.AssertValid(task!);
        Assert.Equal(FhirTask.TaskStatus.Accepted, task!.Status);
        Assert.Equal("awaiting-first-session", task.BusinessStatus.Coding[0].Code);
        Assert.Equal("Mary O'Brien", task.For.Display);

        var accepted = await Gp().SearchAsync<FhirTask>(["status=accepted", $"identifier=urn:ietf:rfc:3986|urn:uuid:{id}"]);
        FhirValidation.AssertValid(accepted!);
        Assert.Equal(id.ToString(), Assert.Single(accepted!.Entry).Resource.Id);
        var stillRequested = await Gp().SearchAsync<FhirTask>(["status=requested", $"identifier=urn:uuid:{id}"]);
        Assert.Empty(stillRequested!.Entry);
    }

    [Fact]
    public async Task The_provider_reads_the_Task_over_FHIR_too_and_a_rejection_carries_its_reason()
    {
        var (_, id, _) = await Referred();
        using var provider = api.ClientAs(Provider());
        Assert.Equal(HttpStatusCode.OK, (await provider.Post(id, "reject", new { reason = "no-capacity", note = "Full until spring" })).StatusCode);

        var task = await FhirValidation.Client(api.ClientAs(Provider())).ReadAsync<FhirTask>($"Task/{id}");
        FhirValidation.AssertValid(task!);
        Assert.Equal(FhirTask.TaskStatus.Rejected, task!.Status);
        Assert.Equal("no-capacity", task.StatusReason.Coding[0].Code);
        Assert.Equal("Full until spring", task.Note.Single().Text);
        Assert.NotNull(task.ExecutionPeriod.End);

        var gpView = await Gp().ReadAsync<FhirTask>($"Task/{id}");
        Assert.Equal(FhirTask.TaskStatus.Rejected, gpView!.Status);
    }

    [Fact]
    public async Task The_Tasks_output_links_to_its_attendance_Encounters_and_outcome_Observations_by_absolute_URL()
    {
        var (_, id, _) = await Referred();

        var task = await FhirValidation.Client(api.ClientAs(Provider())).ReadAsync<FhirTask>($"Task/{id}");

        FhirValidation.AssertValid(task!);
        // Unconfigured (the embedded host), Feedback's /fhir is the one the Task was read at.
        var fhirBase = new Uri(api.ClientAs(null).BaseAddress!, "fhir").ToString();
        Assert.Equal($"{fhirBase}/Encounter?based-on=ServiceRequest/{id}",
            ((FhirUrl)task!.Output.Single(o => o.Type.Coding[0].Code == "attendance-encounters").Value).Value);
        Assert.Equal($"{fhirBase}/Observation?based-on=ServiceRequest/{id}",
            ((FhirUrl)task.Output.Single(o => o.Type.Coding[0].Code == "outcome-observations").Value).Value);
    }

    [Theory]
    [InlineData("gp-stranger", "other-pcn")]
    [InlineData("gp-alone", null)]
    public async Task A_practitioner_with_no_side_in_the_referral_gets_a_404_OperationOutcome_and_finds_nothing(string id, string? team)
    {
        var (_, referral, _) = await Referred();
        var stranger = Gp(Practitioner(id, team));

        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => stranger.ReadAsync<FhirTask>($"Task/{referral}"));

        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        Assert.Equal(OperationOutcome.IssueType.NotFound, refused.Outcome!.Issue[0].Code);
        FhirValidation.AssertValid(refused.Outcome);
        var search = await stranger.SearchAsync<FhirTask>([$"identifier=urn:uuid:{referral}"]);
        Assert.Equal(0, search!.Total);
        Assert.Empty(search.Entry);
    }

    [Fact]
    public async Task Another_organisations_provider_staff_get_the_same_404_as_for_an_unknown_id()
    {
        var (_, referral, _) = await Referred();
        var otherProvider = Gp(Provider(Guid.NewGuid(), "staff-b"));

        var known = await Assert.ThrowsAsync<FhirOperationException>(() => otherProvider.ReadAsync<FhirTask>($"Task/{referral}"));
        var unknown = await Assert.ThrowsAsync<FhirOperationException>(() => otherProvider.ReadAsync<FhirTask>($"Task/{Guid.NewGuid()}"));

        Assert.Equal(HttpStatusCode.NotFound, known.Status);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
    }

    [Fact]
    public async Task A_team_mate_of_the_referrer_reads_the_Task()
    {
        var (_, id, _) = await Referred();

        var task = await Gp(Practitioner("gp-b", "cosham-pcn")).ReadAsync<FhirTask>($"Task/{id}");

        Assert.Equal(FhirTask.TaskStatus.Requested, task!.Status);
    }

    [Theory]
    [InlineData("{ this is not json", "application/fhir+json")]
    [InlineData("<Bundle xmlns=\"http://hl7.org/fhir\"><type value=", "application/fhir+xml")]
    [InlineData("{\"resourceType\":\"Bundle\",\"type\":\"not-a-bundle-type\"}", "application/fhir+json")]
    [InlineData("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Smith\"}]}", "application/fhir+json")]
    [InlineData("", "application/fhir+json")]
    [InlineData("[]", "application/fhir+json")]
    [InlineData("null", "application/json")]
    [InlineData("{\"resourceType\":\"Bundle\",\"type\":\"transaction\"}", "application/xml")]
    public async Task A_body_that_is_not_a_FHIR_Bundle_is_a_400_OperationOutcome_not_a_500(string body, string contentType)
    {
        using var http = api.ClientAs(Practitioner());
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);

        var response = await http.PostAsync("/fhir", content);

        var outcome = await Outcome(response, HttpStatusCode.BadRequest);
        Assert.Equal(OperationOutcome.IssueType.Structure, outcome.Issue[0].Code);
    }

    [Fact]
    public async Task A_bundle_without_a_Patient_or_with_a_Task_that_is_not_an_order_is_a_400_naming_what_is_wrong()
    {
        var service = await api.ListService();
        var noPatient = ReferralBundle.For(service, ProviderOrg);
        noPatient.Entry.RemoveAll(e => e.Resource is Patient);
        var proposal = ReferralBundle.For(service, ProviderOrg);
        proposal.Entry.Select(e => e.Resource).OfType<FhirTask>().Single().Intent = FhirTask.TaskIntent.Proposal;

        var missing = await Assert.ThrowsAsync<FhirOperationException>(() => Gp().TransactionAsync(noPatient));
        var notOrder = await Assert.ThrowsAsync<FhirOperationException>(() => Gp().TransactionAsync(proposal));

        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Contains(missing.Outcome!.Issue, i => i.Diagnostics.Contains("Patient", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, notOrder.Status);
        Assert.Contains(notOrder.Outcome!.Issue, i => i.Expression.Contains("Task.intent"));
        Assert.Equal(0, await api.Db(db => db.Referrals.CountAsync(r => r.ServiceId == service)));
    }

    [Fact]
    public async Task The_JSON_APIs_rules_apply_a_bad_NHS_number_is_a_400_naming_the_Patient_identifier()
    {
        var service = await api.ListService();

        var refused = await Assert.ThrowsAsync<FhirOperationException>(() =>
            Gp().TransactionAsync(ReferralBundle.For(service, ProviderOrg, nhsNumber: "9434765918")));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains(refused.Outcome!.Issue, i => i.Expression.Contains("Patient.identifier") && i.Diagnostics.Contains("NHS number", StringComparison.Ordinal));
        FhirValidation.AssertValid(refused.Outcome);
    }

    [Fact]
    public async Task Without_consent_to_share_with_the_provider_the_referral_is_a_422_OperationOutcome_and_nothing_is_saved()
    {
        var service = await api.ListService();

        var unshared = await Assert.ThrowsAsync<FhirOperationException>(() =>
            Gp().TransactionAsync(ReferralBundle.For(service, ProviderOrg, shareWithProvider: false)));
        var noConsent = await Assert.ThrowsAsync<FhirOperationException>(() =>
            Gp().TransactionAsync(ReferralBundle.For(service, ProviderOrg, withConsent: false)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, unshared.Status);
        Assert.Equal(OperationOutcome.IssueType.BusinessRule, unshared.Outcome!.Issue[0].Code);
        Assert.Contains(unshared.Outcome.Issue, i => i.Expression.Contains("Consent.provision"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noConsent.Status);
        Assert.Contains(noConsent.Outcome!.Issue, i => i.Expression.Contains("Consent"));
        Assert.Equal(0, await api.Db(db => db.Referrals.CountAsync(r => r.ServiceId == service)));
    }

    [Fact]
    public async Task The_same_person_referred_twice_to_the_same_service_is_a_409_OperationOutcome_naming_the_first()
    {
        var (service, first, _) = await Referred(given: "Duplicated");

        var refused = await Assert.ThrowsAsync<FhirOperationException>(() =>
            Gp().TransactionAsync(ReferralBundle.For(service, ProviderOrg, given: "Duplicated")));

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains(refused.Outcome!.Issue, i => i.Diagnostics.Contains(first.ToString(), StringComparison.Ordinal));
        Assert.Equal(1, await api.Db(db => db.Referrals.CountAsync(r => r.ServiceId == service)));
    }

    [Fact]
    public async Task A_Task_owned_by_another_organisation_than_the_services_is_a_422_naming_Task_owner()
    {
        var service = await api.ListService();

        var refused = await Assert.ThrowsAsync<FhirOperationException>(() =>
            Gp().TransactionAsync(ReferralBundle.For(service, Guid.NewGuid())));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Contains(refused.Outcome!.Issue, i => i.Expression.Contains("Task.owner"));
    }

    [Fact]
    public async Task A_draft_Task_saves_a_draft_the_provider_cannot_see_yet()
    {
        var service = await api.ListService();

        var response = await Gp().TransactionAsync(ReferralBundle.For(service, ProviderOrg, status: FhirTask.TaskStatus.Draft));

        var task = response!.Entry.Select(e => e.Resource).OfType<FhirTask>().Single();
        Assert.Equal(FhirTask.TaskStatus.Draft, task.Status);
        var provider = await Assert.ThrowsAsync<FhirOperationException>(() =>
            FhirValidation.Client(api.ClientAs(Provider())).ReadAsync<FhirTask>($"Task/{task.Id}"));
        Assert.Equal(HttpStatusCode.NotFound, provider.Status);
    }

    [Fact]
    public async Task Reading_a_Task_is_audit_logged_like_the_JSON_read_and_a_search_logs_each_Task_it_shows()
    {
        var (_, id, _) = await Referred();
        var gp = Gp(Practitioner("gp-a", "cosham-pcn"));

        await gp.ReadAsync<FhirTask>($"Task/{id}");
        await gp.SearchAsync<FhirTask>([$"identifier=urn:uuid:{id}"]);

        var entries = await api.Db(db => db.AuditLog.Where(e => e.ReferralId == id).ToListAsync());
        Assert.Contains(entries, e => e.UserId == "gp-a" && e.Action == "read" && e.Purpose == "view referral (FHIR Task)");
        Assert.Contains(entries, e => e.UserId == "gp-a" && e.Action == "read" && e.Purpose == "FHIR Task search");
    }

    [Fact]
    public async Task Search_by_owner_and_lastUpdated_finds_what_moved_in_the_window_and_pages_with_a_next_link()
    {
        var org = Guid.NewGuid();
        var (_, first, _) = await Referred("Alice", org);
        var (_, second, _) = await Referred("Bob", org);
        var (_, third, _) = await Referred("Carol", org);
        var gp = Gp();
        var since = DateTime.UtcNow.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm:ssZ");
        var future = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd");

        var all = await gp.SearchAsync<FhirTask>([$"owner=Organization/{org}", $"_lastUpdated=ge{since}"]);
        var none = await gp.SearchAsync<FhirTask>([$"owner=Organization/{org}", $"_lastUpdated=ge{future}"]);
        var paged = await gp.SearchAsync<FhirTask>([$"owner=Organization/{org}", "_count=2"]);
        var byRequester = await gp.SearchAsync<FhirTask>([$"owner=Organization/{org}", "requester=Practitioner/gp-a"]);
        var byOtherRequester = await gp.SearchAsync<FhirTask>([$"owner=Organization/{org}", "requester=gp-b"]);

        FhirValidation.AssertValid(all!);
        Assert.Equal(3, all!.Total);
        Assert.Equal([third, second, first], all.Entry.Select(e => Guid.Parse(e.Resource.Id)));
        Assert.Equal(0, none!.Total);
        Assert.Equal(3, byRequester!.Total);
        Assert.Equal(0, byOtherRequester!.Total);
        Assert.Equal(2, paged!.Entry.Count);
        Assert.Equal(3, paged.Total);
        var next = await gp.ContinueAsync(paged);
        Assert.Equal(first.ToString(), Assert.Single(next!.Entry).Resource.Id);
    }

    [Fact]
    public async Task A_provider_finds_its_incoming_Tasks_by_the_persons_NHS_number()
    {
        var org = Guid.NewGuid();
        var (_, id, _) = await Referred("Nora", org);
        var provider = FhirValidation.Client(api.ClientAs(Provider(org, "staff-n")));

        var found = await provider.SearchAsync<FhirTask>([$"patient:identifier=https://fhir.nhs.uk/Id/nhs-number|{ReferralBundle.ValidNhsNumber}"]);

        Assert.Equal(id.ToString(), Assert.Single(found!.Entry).Resource.Id);
    }

    [Theory]
    [InlineData("status=not-a-status")]
    [InlineData("_lastUpdated=yesterday")]
    [InlineData("_count=0")]
    [InlineData("owner=Practitioner/1")]
    public async Task A_search_parameter_that_makes_no_sense_is_a_400_OperationOutcome(string query)
    {
        using var http = api.ClientAs(Practitioner());

        var response = await http.GetAsync($"/fhir/Task?{query}");

        var outcome = await Outcome(response, HttpStatusCode.BadRequest);
        Assert.Equal(OperationOutcome.IssueType.Invalid, outcome.Issue[0].Code);
    }

    [Fact]
    public async Task Without_a_token_a_Task_is_a_401_OperationOutcome_and_a_resident_may_not_post_a_bundle_403()
    {
        var (_, id, _) = await Referred();
        using var anonymous = api.ClientAs(null);
        using var resident = api.ClientAs(Resident());

        var read = await Outcome(await anonymous.GetAsync($"/fhir/Task/{id}"), HttpStatusCode.Unauthorized);
        var post = await Outcome(await anonymous.PostAsync("/fhir", new StringContent("{}")), HttpStatusCode.Unauthorized);
        var byResident = await Outcome(await resident.PostAsync("/fhir", new StringContent("{}")), HttpStatusCode.Forbidden);

        Assert.Equal(OperationOutcome.IssueType.Login, read.Issue[0].Code);
        Assert.Equal(OperationOutcome.IssueType.Login, post.Issue[0].Code);
        Assert.Equal(OperationOutcome.IssueType.Forbidden, byResident.Issue[0].Code);
    }

    [Fact]
    public async Task A_resource_type_this_endpoint_does_not_serve_is_a_404_OperationOutcome()
    {
        using var http = api.ClientAs(Practitioner());

        var outcome = await Outcome(await http.GetAsync("/fhir/Patient/123"), HttpStatusCode.NotFound);

        Assert.Equal(OperationOutcome.IssueType.NotFound, outcome.Issue[0].Code);
    }

    [Fact]
    public async Task A_Task_can_be_read_as_XML()
    {
        var (_, id, _) = await Referred();
        using var http = api.ClientAs(Practitioner());
        http.DefaultRequestHeaders.Accept.ParseAdd("application/fhir+xml");

        var response = await http.GetAsync($"/fhir/Task/{id}");

        Assert.Equal("application/fhir+xml", response.Content.Headers.ContentType?.MediaType);
        var task = new FhirXmlDeserializer().Deserialize<FhirTask>(await response.Content.ReadAsStringAsync());
        Assert.Equal(FhirTask.TaskStatus.Requested, task.Status);
        FhirValidation.AssertValid(task);
    }

    private static async Task<OperationOutcome> Outcome(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var outcome = new FhirJsonDeserializer().Deserialize<OperationOutcome>(await response.Content.ReadAsStringAsync());
        FhirValidation.AssertValid(outcome);
        return outcome;
    }
}

/// <summary>The checks the FHIR tests lean on can fail: the validator finds a broken Task, and the client speaks real HTTP.</summary>
public sealed class FhirTestSupportTests(FhirReferralsApi api) : IClassFixture<FhirReferralsApi>
{
    [Fact]
    public void The_R4_validator_finds_a_Task_without_its_required_status_and_intent()
    {
        var errors = FhirValidation.Errors(new FhirTask { Description = "No status, no intent" });

        Assert.Contains(errors, e => e.Contains("status", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(errors, e => e.Contains("intent", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_FHIR_fixture_listens_on_a_real_loopback_port()
    {
        using var http = api.ClientAs(null);

        Assert.True(http.BaseAddress!.IsLoopback && http.BaseAddress.Port is > 0 and not 80, http.BaseAddress.ToString());
        using var raw = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await raw.GetAsync(new Uri(http.BaseAddress, "fhir/metadata"))).StatusCode);
    }
}
