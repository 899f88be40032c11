// The Firely model marks nearly every element nullable; these tests assert the shape they navigate.
#nullable disable warnings
using System.Net;
using System.Text.Json;
using BuildingBlocks.Auth;
using Contracts.Referrals;
using Feedback.Tests.Support;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using TestSupport;

namespace Feedback.Tests.Features.Fhir;

/// <summary>
/// A referral's sessions as Encounters and its outcome measures as Observations (docs/FHIR.md), read with the Firely
/// FhirClient: the provider always; the referrer only while the person's consent to share outcomes stands; a stranger
/// never (404, or a search that finds nothing). Every resource conforms to R4; every read that shows one is audited.
/// </summary>
public sealed class FhirOutcomeResourcesTests(FeedbackApi api) : IClassFixture<FeedbackApi>
{
    private static object Answers(string stage) => new
    {
        stage,
        ons4 = new { lifeSatisfaction = 6, worthwhile = 7, happiness = 5, anxiety = 4 },
        loneliness = new { companionship = 3, leftOut = 2, isolated = 1 },
    };

    private FhirClient Fhir(string token) => FhirValidation.Client(api.ClientAs(token));

    private async Task<Support.Referral> ReferralWithSessionAndBaseline(bool shareOutcomes = true)
    {
        var referral = await api.AcceptedReferral(shareOutcomes, madeAt: FeedbackApi.MadeInSeptember);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAs(referral.ProviderToken, $"{referral.Path}/attendance",
            new { sessionDate = "2026-11-24", status = "attended" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAs(referral.ProviderToken, $"{referral.Path}/attendance",
            new { sessionDate = "2026-12-01", status = "did-not-attend" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAs(referral.ProviderToken, $"{referral.Path}/outcomes", Answers("baseline"))).StatusCode);
        return referral;
    }

    [Fact]
    public async System.Threading.Tasks.Task A_consenting_referrer_reads_the_sessions_as_Encounters_conforming_to_R4()
    {
        var referral = await ReferralWithSessionAndBaseline();

        var found = await Fhir(referral.ReferrerToken).SearchAsync<Encounter>([$"based-on=ServiceRequest/{referral.Id}"]);

        FhirValidation.AssertValid(found);
        Assert.Equal(2, found.Total);
        var encounters = found.Entry.Select(e => (Encounter)e.Resource).ToList();
        foreach (var encounter in encounters) FhirValidation.AssertValid(encounter);
        var attended = encounters.Single(e => e.Period.Start == "2026-11-24");
        Assert.Equal(Encounter.EncounterStatus.Finished, attended.Status);
        Assert.Equal("attended", attended.Type[0].Coding[0].Code);
        var missed = encounters.Single(e => e.Period.Start == "2026-12-01");
        Assert.Equal(Encounter.EncounterStatus.Cancelled, missed.Status);
        Assert.Equal("did-not-attend", missed.Type[0].Coding[0].Code);
        Assert.All(encounters, e =>
        {
            Assert.Equal($"Patient/{referral.Id}", e.Subject.Reference);
            Assert.Equal($"ServiceRequest/{referral.Id}", Assert.Single(e.BasedOn).Reference);
            Assert.Equal($"Organization/{referral.OrganisationId}", e.ServiceProvider.Reference);
        });
        var read = await Fhir(referral.ReferrerToken).ReadAsync<Encounter>($"Encounter/{attended.Id}");
        Assert.Equal(attended.Id, read.Id);
    }

    [Fact]
    public async System.Threading.Tasks.Task The_measures_are_an_ONS4_Observation_with_four_items_and_a_UCLA3_Observation_with_its_LOINC_code_and_total()
    {
        var referral = await ReferralWithSessionAndBaseline();

        var found = await Fhir(referral.ProviderToken).SearchAsync<Observation>([$"based-on=ServiceRequest/{referral.Id}"]);

        FhirValidation.AssertValid(found);
        var observations = found.Entry.Select(e => (Observation)e.Resource).ToList();
        Assert.Equal(2, observations.Count);
        var ons4 = observations.Single(o => o.Code.Coding[0].Code == "ons4");
        FhirValidation.AssertValid(ons4);
        Assert.Null(ons4.Value); // anxiety runs the other way: never summed with the rest
        Assert.Equal([6, 7, 5, 4], ons4.Component.Select(c => ((Integer)c.Value).Value!.Value));
        Assert.Equal("baseline", ons4.GetExtensionValue<Code>("https://community-directory.example/fhir/StructureDefinition/outcome-stage").Value);
        var ucla3 = observations.Single(o => o.Code.Coding[0].Code == "106418-7");
        FhirValidation.AssertValid(ucla3);
        Assert.Equal("http://loinc.org", ucla3.Code.Coding[0].System);
        Assert.Equal(6, ((Integer)ucla3.Value).Value);
        Assert.Equal("66867-3", ucla3.Component.Single(c => ((Integer)c.Value).Value == 1).Code.Coding[0].Code);
        Assert.All(observations, o =>
        {
            Assert.Equal(ObservationStatus.Final, o.Status);
            Assert.Equal("survey", o.Category[0].Coding[0].Code);
            Assert.Equal($"Patient/{referral.Id}", o.Subject.Reference);
            Assert.Equal($"ServiceRequest/{referral.Id}", Assert.Single(o.BasedOn).Reference);
            Assert.NotNull(o.Effective);
        });
        Assert.Equal(ucla3.Id, (await Fhir(referral.ProviderToken).ReadAsync<Observation>($"Observation/{ucla3.Id}")).Id);
    }

    [Fact]
    public async System.Threading.Tasks.Task Withdrawing_consent_to_share_outcomes_takes_them_from_the_referrer_at_once_but_not_from_the_provider()
    {
        var referral = await ReferralWithSessionAndBaseline();
        var referrer = Fhir(referral.ReferrerToken);
        var observation = (Observation)(await referrer.SearchAsync<Observation>([$"based-on=ServiceRequest/{referral.Id}"])).Entry[0].Resource;

        await api.Publish(new ReferralConsentChanged(referral.Id, true, ShareOutcomesWithReferrer: false, false, false, "Ada", null, null,
            DateTimeOffset.UtcNow));

        await Eventually.Until(async () => (await referrer.SearchAsync<Observation>([$"based-on=ServiceRequest/{referral.Id}"])).Total == 0,
            TimeSpan.FromSeconds(30), "the withdrawal to reach Feedback");
        Assert.Equal(0, (await referrer.SearchAsync<Encounter>([$"based-on=ServiceRequest/{referral.Id}"])).Total);
        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => referrer.ReadAsync<Observation>($"Observation/{observation.Id}"));
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        Assert.Equal(2, (await Fhir(referral.ProviderToken).SearchAsync<Observation>([$"based-on=ServiceRequest/{referral.Id}"])).Total);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_referrer_without_consent_and_a_stranger_find_nothing_and_read_a_404()
    {
        var referral = await ReferralWithSessionAndBaseline(shareOutcomes: false);
        var encounter = (Encounter)(await Fhir(referral.ProviderToken).SearchAsync<Encounter>([$"based-on=ServiceRequest/{referral.Id}"])).Entry[0].Resource;

        foreach (var token in new[] { referral.ReferrerToken, TestTokens.For(Roles.Provider, Guid.NewGuid()), TestTokens.For(Roles.Practitioner, userId: "someone-else") })
        {
            Assert.Equal(0, (await Fhir(token).SearchAsync<Encounter>([$"based-on=ServiceRequest/{referral.Id}"])).Total);
            var refused = await Assert.ThrowsAsync<FhirOperationException>(() => Fhir(token).ReadAsync<Encounter>($"Encounter/{encounter.Id}"));
            Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task Every_read_that_shows_them_is_in_the_audit_log_and_a_search_without_the_referral_is_a_400_OperationOutcome()
    {
        var referral = await ReferralWithSessionAndBaseline();
        await Fhir(referral.ReferrerToken).SearchAsync<Encounter>([$"based-on=ServiceRequest/{referral.Id}"]);
        await Fhir(referral.ProviderToken).SearchAsync<Observation>([$"based-on=ServiceRequest/{referral.Id}"]);

        var audit = await api.Get<JsonElement>(TestTokens.For(Roles.Admin), $"/api/feedback/audit?referralId={referral.Id}");
        var actions = audit.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("action").GetString(), i.GetProperty("actorId").GetString())).ToList();
        Assert.Contains(("search-encounter (FHIR)", referral.ReferrerId), actions);
        Assert.Contains(actions, a => a.Item1 == "search-observation (FHIR)" && a.Item2 != referral.ReferrerId);

        using var http = api.ClientAs(referral.ProviderToken);
        var response = await http.GetAsync("/fhir/Observation?code=ons4");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("application/fhir+json", response.Content.Headers.ContentType!.ToString());
        var outcome = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
    }
}
