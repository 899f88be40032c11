// The Firely model marks nearly every element nullable; this test asserts the shape it navigates.
#nullable disable warnings
using System.Net;
using System.Net.Http.Json;
using BuildingBlocks.Auth;
using Hl7.Fhir.Model;
using TestSupport;
using FhirTask = Hl7.Fhir.Model.Task;

namespace EndToEnd.Tests.Referrals;

/// <summary>
/// A GP system's whole loop over FHIR R4 (docs/FHIR.md), with the Firely FhirClient against the three services as
/// separate processes over real HTTP, RabbitMQ and PostgreSQL: it finds the activity in the Directory, sends the
/// referral Bundle to Referrals, sees the provider's acceptance (made in the JSON API) and then the attendance the
/// provider records in Feedback. Every resource it gets back conforms to the R4 base definitions.
/// </summary>
[Collection(SharedSystemCollection.Name)]
public sealed class FhirReferralJourneyTests(SharedSystem fixture)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(120);

    [Fact]
    public async System.Threading.Tasks.Task A_GP_system_finds_the_activity_refers_and_hears_of_acceptance_and_attendance_over_FHIR()
    {
        var system = fixture.System;
        var organisation = await system.CreateOrganisation($"Milton Befrienders {Guid.NewGuid():N}"[..28]);
        var name = $"Fhir walk {Guid.NewGuid():N}"[..18];
        var listed = await system.ListService(organisation, name);
        var practitioner = TestTokens.For(Roles.Practitioner, userId: "gp-fhir", team: "milton-pcn");
        var providerToken = TestTokens.For(Roles.Provider, organisation);

        // 1. Pick the activity in the GP system's own UI.
        var directory = FhirValidation.Client(system.Directory.Client());
        var found = await directory.SearchAsync<HealthcareService>([$"name={name}"]);
        FhirValidation.AssertValid(found);
        var service = (HealthcareService)Assert.Single(found.Entry).Resource;
        Assert.Equal(listed.ToString(), service.Id);
        Assert.Equal($"Organization/{organisation}", service.ProvidedBy.Reference);
        await Eventually.Until(() => system.ReferralsKnows(listed), Delivery, "Referrals to learn of the activity from Directory's event");

        // 2. Refer: the Bundle names the HealthcareService and its Organization as found.
        var gp = FhirValidation.Client(system.Referrals.Client(practitioner));
        var response = await gp.TransactionAsync(ReferralBundle.For(Guid.Parse(service.Id), Guid.Parse(service.ProvidedBy.Reference.Split('/')[1]),
            given: "Winifred", family: "Ashdown"));
        FhirValidation.AssertValid(response);
        var task = response.Entry.Select(e => e.Resource).OfType<FhirTask>().Single();
        Assert.Equal(FhirTask.TaskStatus.Requested, task.Status);
        var id = Guid.Parse(task.Id);

        // 3. The provider accepts in the JSON API; the GP system's poll sees it.
        using var provider = system.Referrals.Client(providerToken);
        Assert.Equal(HttpStatusCode.OK, (await provider.PostAsync($"/api/referrals/{id}/accept", null)).StatusCode);
        var accepted = await gp.SearchAsync<FhirTask>([$"identifier=urn:uuid:{id}", "status=accepted"]);
        FhirValidation.AssertValid(accepted);
        Assert.Equal("awaiting-first-session", ((FhirTask)Assert.Single(accepted.Entry).Resource).BusinessStatus.Coding[0].Code);

        // 4. The provider records the first session in Feedback; Referrals hears of it over RabbitMQ and the Task moves on.
        using var providerFeedback = system.Feedback.Client(providerToken);
        await Eventually.Until(async () => (await providerFeedback.GetAsync($"/api/feedback/referrals/{id}/summary")).IsSuccessStatusCode,
            Delivery, "Feedback to learn of the referral");
        var attended = await providerFeedback.PostAsJsonAsync($"/api/feedback/referrals/{id}/attendance",
            new { sessionDate = BuildingBlocks.Time.UkTime.Today(TimeProvider.System).ToString("yyyy-MM-dd"), status = "attended" });
        Assert.Equal(HttpStatusCode.Created, attended.StatusCode);
        FhirTask attending = null;
        await Eventually.Until(async () =>
        {
            attending = await gp.ReadAsync<FhirTask>($"Task/{id}");
            return attending.Status == FhirTask.TaskStatus.InProgress;
        }, Delivery, "the first attendance to start the referral");
        FhirValidation.AssertValid(attending);
        Assert.Equal("attending", attending.BusinessStatus.Coding[0].Code);
        var sessions = attending.Output.Single(o => o.Type.Coding[0].Code == "sessions-attended");
        Assert.Equal(1, ((Integer)sessions.Value).Value);

        // 5. The person withdraws consent to share attendance with the referrer: the GP's Task no longer carries it,
        // the provider's still does.
        using var referrer = system.Referrals.Client(practitioner);
        var withdrawn = await referrer.PostAsJsonAsync($"/api/referrals/{id}/consent", new
        {
            givenBy = "person", method = "verbal", givenAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            shareWithProvider = true, shareOutcomesWithReferrer = false, contactBySms = true, contactByEmail = false,
        });
        Assert.True(withdrawn.IsSuccessStatusCode, await withdrawn.Content.ReadAsStringAsync());
        var afterWithdrawal = await gp.ReadAsync<FhirTask>($"Task/{id}");
        Assert.Equal(FhirTask.TaskStatus.InProgress, afterWithdrawal.Status);
        Assert.Empty(afterWithdrawal.Output);
        var providerFhir = FhirValidation.Client(system.Referrals.Client(providerToken));
        Assert.Contains((await providerFhir.ReadAsync<FhirTask>($"Task/{id}")).Output, o => o.Type.Coding[0].Code == "sessions-attended");
    }
}
