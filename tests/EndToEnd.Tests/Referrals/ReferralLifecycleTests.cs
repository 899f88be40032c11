using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildingBlocks.Auth;
using Contracts.Feedback;
using Contracts.Referrals;
using MassTransit;
using TestSupport;
using static EndToEnd.Tests.SystemApi;

namespace EndToEnd.Tests.Referrals;

/// <summary>
/// A referral walked through its lifecycle across separate processes over real RabbitMQ and PostgreSQL: Directory
/// makes the service referrable, every transition's ReferralStatusChanged reaches another consumer on the broker in
/// order, and Feedback's first-attendance event moves the referral on.
/// </summary>
[Collection(SharedSystemCollection.Name)]
public sealed class ReferralLifecycleTests(SharedSystem fixture)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(120);
    private DistributedSystem System => fixture.System;

    [Fact]
    public async Task Each_transition_is_published_to_the_broker_in_order_and_attendance_moves_the_referral_on()
    {
        var received = new ConcurrentQueue<ReferralStatusChanged>();
        // Another service's consumer, in miniature: its own queue on the system's virtual host, one message at a time.
        var listener = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host("127.0.0.1", 5672, System.VirtualHost, host => { host.Username("guest"); host.Password("guest"); });
            cfg.ReceiveEndpoint($"e2e-referral-status-listener-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true; // the shared system outlives this test: its queue goes when its bus stops
                endpoint.PrefetchCount = 1;
                endpoint.ConcurrentMessageLimit = 1;
                endpoint.Handler<ReferralStatusChanged>(context => { received.Enqueue(context.Message); return Task.CompletedTask; });
            });
        });
        await listener.StartAsync();
        try
        {
            var organisation = await System.CreateOrganisation("Cosham Good Neighbours");
            var service = await System.ListService(organisation, "Tuesday lunch club");
            await Eventually.Until(() => System.ReferralsKnows(service), Delivery, "Directory's ServiceListed to make the service referrable");

            using var referrer = System.Referrals.Client(TestTokens.For(Roles.Practitioner, null, "gp-e2e", "cosham-pcn"));
            using var provider = System.Referrals.Client(TestTokens.For(Roles.Provider, organisation, "staff-e2e"));
            var id = await Draft(referrer, service);
            await Step(referrer, id, "consent", Consent, "draft");
            await Step(referrer, id, "request", null, "requested");
            await Step(provider, id, "accept", null, "accepted");

            // Feedback's event, published as Feedback would: the first attendance starts the referral.
            await listener.Publish(new AttendanceRecorded(id, service, DateOnly.FromDateTime(DateTime.UtcNow), "attended", true, 0,
                "staff-e2e", DateTimeOffset.UtcNow));
            await Eventually.Until(async () => await Status(referrer, id) == "in-progress", Delivery, "the first attendance to start the referral");

            await Step(provider, id, "hold", null, "on-hold");
            await Step(provider, id, "start", null, "in-progress");
            await Step(provider, id, "complete", null, "completed");

            string[] expected = ["draft>requested", "requested>accepted", "accepted>in-progress", "in-progress>on-hold", "on-hold>in-progress", "in-progress>completed"];
            await Eventually.Until(() => Task.FromResult(received.Count(e => e.ReferralId == id) >= expected.Length), Delivery,
                "every ReferralStatusChanged to reach the listener");
            var events = received.Where(e => e.ReferralId == id).ToList();
            Assert.Equal(expected, events.Select(e => $"{e.FromStatus}>{e.ToStatus}"));
            Assert.All(events, e => Assert.Equal((service, organisation, "gp-e2e", true), (e.ServiceId, e.ProviderOrganisationId, e.ReferrerId, e.ShareOutcomesWithReferrer)));
            Assert.Equal(["gp-e2e", "staff-e2e", "staff-e2e", "staff-e2e", "staff-e2e", "staff-e2e"], events.Select(e => e.ChangedBy));
            // This referral's events: the shared system's outbox holds other tests' too.
            Assert.Equal(0, await System.Count("Referrals", $"SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL AND body LIKE '%{id}%'"));

            var second = await Draft(referrer, service, "Edna");
            await Step(referrer, second, "consent", Consent, "draft");
            await Step(referrer, second, "request", null, "requested");
            await Step(provider, second, "reject", new { reason = "no-capacity", note = "Full until spring" }, "rejected");
            await Step(referrer, second, "entered-in-error", new { reason = "Sent to the wrong group" }, "entered-in-error");
            await Eventually.Until(() => Task.FromResult(received.Count(e => e.ReferralId == second) >= 3), Delivery, "the second referral's events");
            Assert.Equal([(string?)null, "no-capacity", "Sent to the wrong group"], received.Where(e => e.ReferralId == second).Select(e => e.Reason));
        }
        finally
        {
            await listener.StopAsync();
        }
    }

    private static async Task<string?> Status(HttpClient http, Guid id) =>
        (await http.GetFromJsonAsync<JsonElement>($"/api/referrals/{id}")).GetProperty("status").GetString();
}
