// The Firely model marks nearly every element nullable; this test asserts the shape it navigates.
#nullable disable warnings
using System.Net;
using System.Net.Http.Json;
using BuildingBlocks.Auth;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using TestSupport;
using FhirTask = Hl7.Fhir.Model.Task;
using Loopback = global::Feedback.Tests.Support;

namespace EndToEnd.Tests.Referrals;

/// <summary>
/// The rest of a GP system's FHIR loop (docs/FHIR.md), across the three service processes over real HTTP, RabbitMQ and
/// PostgreSQL: it subscribes to its Tasks at Feedback and is told of the acceptance by a signed id-only notification
/// on its own webhook receiver; it follows the Task's output to the attendance Encounters and outcome Observations
/// Feedback serves, all conforming to R4; and when the person withdraws consent to share outcomes with the referrer,
/// those disappear from the GP's view while the provider keeps them.
/// </summary>
[Collection(SharedSystemCollection.Name)]
public sealed class FhirSubscriptionAndOutcomesJourneyTests(SharedSystem fixture)
{
    private const string Secret = "gp-system-fhir-subscription-secret";
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(120);

    [Fact]
    public async System.Threading.Tasks.Task A_GP_system_is_notified_by_Subscription_and_reads_attendance_and_outcomes_until_consent_is_withdrawn()
    {
        await using var receiver = await Loopback.WebhookReceiver.Start(Secret);
        // Settings of the shared system this test needs: Feedback's webhooks to loopback over http, its poll every 200 ms,
        // and each service's FHIR base URL at the other (SharedSystem).
        var system = fixture.System;
        var organisation = await system.CreateOrganisation($"Hilsea Lunch {Guid.NewGuid():N}"[..24]);
        var listed = await system.ListService(organisation, $"Fhir loop {Guid.NewGuid():N}"[..18]);
        await Eventually.Until(() => system.ReferralsKnows(listed), Delivery, "Referrals to learn of the activity from Directory's event");
        // The subscription's criteria name the requester: this test's own, as other tests' referrals share the system.
        var requester = $"gp-fhir-sub-{Guid.NewGuid():N}"[..24];
        var practitioner = TestTokens.For(Roles.Practitioner, userId: requester, team: "hilsea-pcn");
        var providerToken = TestTokens.For(Roles.Provider, organisation);
        var gpReferrals = FhirValidation.Client(system.Referrals.Client(practitioner));
        var gpFeedback = FhirValidation.Client(system.Feedback.Client(practitioner));

        // 1. Subscribe to the GP's own referrals' Tasks, id-only; the empty handshake makes it active.
        var subscription = new Subscription
        {
            Status = Subscription.SubscriptionStatus.Requested,
            Reason = "Hear back about my referrals",
            Criteria = $"Task?requester={requester}",
            Channel = new Subscription.ChannelComponent
            {
                Type = Subscription.SubscriptionChannelType.RestHook, Endpoint = receiver.Url,
                PayloadElement = new Code("application/fhir+json"),
            },
        };
        subscription.Channel.SetExtension("https://community-directory.example/fhir/StructureDefinition/subscription-secret", new FhirString(Secret));
        subscription.Channel.PayloadElement.SetExtension(
            "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content", new Code("id-only"));
        var created = await gpFeedback.CreateAsync(subscription);
        FhirValidation.AssertValid(created);
        Subscription active = null;
        await Eventually.Until(async () => (active = await gpFeedback.ReadAsync<Subscription>($"Subscription/{created.Id}")).Status
            == Subscription.SubscriptionStatus.Active, Delivery, "the handshake to activate the subscription");
        FhirValidation.AssertValid(active);

        // 2. Refer; the provider accepts in the JSON API; the signed notification names the Task by its URL at Referrals.
        var response = await gpReferrals.TransactionAsync(ReferralBundle.For(listed, organisation, given: "Edith", family: "Marchmont"));
        var id = Guid.Parse(response.Entry.Select(e => e.Resource).OfType<FhirTask>().Single().Id);
        using var provider = system.Referrals.Client(providerToken);
        Assert.Equal(HttpStatusCode.OK, (await provider.PostAsync($"/api/referrals/{id}/accept", null)).StatusCode);
        var taskUrl = $"{system.Referrals.BaseAddress.ToString().TrimEnd('/')}/fhir/Task/{id}";
        await Eventually.Until(() => System.Threading.Tasks.Task.FromResult(Notifications(receiver).Any(n => n.Entry.Any(e => e.FullUrl == taskUrl))),
            Delivery, "the Subscription's notification of the Task");
        var notification = Notifications(receiver).First(n => n.Entry.Any(e => e.FullUrl == taskUrl));
        FhirValidation.AssertValid(notification);
        Assert.Null(notification.Entry[0].Resource);
        Assert.Empty(receiver.Rejected);
        var statuses = new List<FhirTask.TaskStatus?>();
        await Eventually.Until(async () =>
        {
            statuses.Add((await gpReferrals.ReadAsync<FhirTask>(taskUrl)).Status);
            return statuses[^1] == FhirTask.TaskStatus.Accepted;
        }, Delivery, "the notified Task to read accepted");

        // 3. The provider records a session and the baseline measures in Feedback.
        using var providerFeedback = system.Feedback.Client(providerToken);
        await Eventually.Until(async () => (await providerFeedback.GetAsync($"/api/feedback/referrals/{id}/summary")).IsSuccessStatusCode,
            Delivery, "Feedback to learn of the referral");
        Assert.Equal(HttpStatusCode.Created, (await providerFeedback.PostAsJsonAsync($"/api/feedback/referrals/{id}/attendance",
            new { sessionDate = BuildingBlocks.Time.UkTime.Today(TimeProvider.System).ToString("yyyy-MM-dd"), status = "attended" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await providerFeedback.PostAsJsonAsync($"/api/feedback/referrals/{id}/outcomes", new
        {
            stage = "baseline",
            ons4 = new { lifeSatisfaction = 4, worthwhile = 5, happiness = 3, anxiety = 7 },
            loneliness = new { companionship = 3, leftOut = 3, isolated = 2 },
        })).StatusCode);

        // 4. The GP follows the Task's output to Feedback: one finished Encounter, the ONS4 and UCLA-3 Observations.
        var task = await gpReferrals.ReadAsync<FhirTask>($"Task/{id}");
        var feedbackFhir = $"{system.Feedback.BaseAddress.ToString().TrimEnd('/')}/fhir";
        Assert.Equal($"{feedbackFhir}/Encounter?based-on=ServiceRequest/{id}",
            ((FhirUrl)task.Output.Single(o => o.Type.Coding[0].Code == "attendance-encounters").Value).Value);
        Assert.Equal($"{feedbackFhir}/Observation?based-on=ServiceRequest/{id}",
            ((FhirUrl)task.Output.Single(o => o.Type.Coding[0].Code == "outcome-observations").Value).Value);
        var encounters = await gpFeedback.SearchAsync<Encounter>([$"based-on=ServiceRequest/{id}"]);
        FhirValidation.AssertValid(encounters);
        var encounter = (Encounter)Assert.Single(encounters.Entry).Resource;
        FhirValidation.AssertValid(encounter);
        Assert.Equal(Encounter.EncounterStatus.Finished, encounter.Status);
        var observations = await gpFeedback.SearchAsync<Observation>([$"based-on=ServiceRequest/{id}"]);
        FhirValidation.AssertValid(observations);
        Assert.Equal(2, observations.Entry.Count);
        foreach (var observation in observations.Entry.Select(e => (Observation)e.Resource)) FhirValidation.AssertValid(observation);
        var ucla3 = observations.Entry.Select(e => (Observation)e.Resource).Single(o => o.Code.Coding[0].Code == "106418-7");
        Assert.Equal(8, ((Integer)ucla3.Value).Value);

        // 5. The person withdraws consent to share outcomes with the referrer: gone from the GP's view, kept by the provider.
        using var referrer = system.Referrals.Client(practitioner);
        var withdrawn = await referrer.PostAsJsonAsync($"/api/referrals/{id}/consent", new
        {
            givenBy = "person", method = "verbal", givenAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            shareWithProvider = true, shareOutcomesWithReferrer = false, contactBySms = true, contactByEmail = false,
        });
        Assert.True(withdrawn.IsSuccessStatusCode, await withdrawn.Content.ReadAsStringAsync());
        await Eventually.Until(async () => (await gpFeedback.SearchAsync<Observation>([$"based-on=ServiceRequest/{id}"])).Total == 0,
            Delivery, "the withdrawal to reach Feedback");
        Assert.Equal(0, (await gpFeedback.SearchAsync<Encounter>([$"based-on=ServiceRequest/{id}"])).Total);
        var refused = await Assert.ThrowsAsync<FhirOperationException>(() => gpFeedback.ReadAsync<Observation>($"Observation/{ucla3.Id}"));
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        Assert.Empty((await gpReferrals.ReadAsync<FhirTask>($"Task/{id}")).Output);
        var providerFhir = FhirValidation.Client(system.Feedback.Client(providerToken));
        Assert.Equal(2, (await providerFhir.SearchAsync<Observation>([$"based-on=ServiceRequest/{id}"])).Total);
    }

    private static List<Bundle> Notifications(Loopback.WebhookReceiver receiver) =>
        receiver.Verified.Where(b => b.Length > 0).Select(b => new FhirJsonDeserializer().Deserialize<Bundle>(b)).ToList();
}
