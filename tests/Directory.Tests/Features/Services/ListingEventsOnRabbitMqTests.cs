using System.Collections.Concurrent;
using Contracts.Directory;
using Directory.Tests.Support;
using MassTransit;
using TestSupport;

namespace Directory.Tests.Features.Services;

/// <summary>The listing events leave through the outbox and arrive at a subscriber on the real RabbitMQ broker.</summary>
public sealed class ListingEventsOnRabbitMqTests(DirectoryApi api) : IClassFixture<DirectoryApi>
{
    [Fact]
    public async Task Listed_capacity_suspended_reinstated_and_removed_events_reach_a_rabbitmq_subscriber()
    {
        var received = new ConcurrentQueue<(string Type, Guid ServiceId)>();
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host("127.0.0.1", api.VirtualHost, host =>
            {
                host.Username("guest");
                host.Password("guest");
            });
            cfg.ReceiveEndpoint($"directory-tests-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<ServiceListed>(c => Record(nameof(ServiceListed), c.Message.ServiceId));
                endpoint.Handler<ServiceCapacityChanged>(c => Record(nameof(ServiceCapacityChanged), c.Message.ServiceId));
                endpoint.Handler<ServiceSuspended>(c => Record(nameof(ServiceSuspended), c.Message.ServiceId));
                endpoint.Handler<ServiceReinstated>(c => Record(nameof(ServiceReinstated), c.Message.ServiceId));
                endpoint.Handler<ServiceRemoved>(c => Record(nameof(ServiceRemoved), c.Message.ServiceId));
            });
        });
        await bus.StartAsync();
        try
        {
            var ward = $"Drayton {Guid.NewGuid():N}";
            var org = await api.NewOrganisation();
            var location = await api.NewLocation(org, ward);
            var (id, _) = await api.LiveListing(org, "Drayton bowls", [location]);
            using var provider = api.ProviderOf(org);
            using var curator = api.Curator();
            await provider.PutAsync($"/api/directory/services/{id}/capacity", System.Net.Http.Json.JsonContent.Create(new { acceptingReferrals = "waitlist" }));
            await curator.PostAsync("/api/directory/crisis/suspend", System.Net.Http.Json.JsonContent.Create(new { ward, publicNote = "Closed" }));
            await curator.PostAsync("/api/directory/crisis/reinstate", System.Net.Http.Json.JsonContent.Create(new { ward }));
            await provider.DeleteAsync($"/api/directory/services/{id}");

            string[] expected = [nameof(ServiceListed), nameof(ServiceCapacityChanged), nameof(ServiceSuspended), nameof(ServiceReinstated), nameof(ServiceRemoved)];
            await Eventually.Until(() => Task.FromResult(expected.All(t => received.Contains((t, id)))), TimeSpan.FromSeconds(60),
                $"all of {string.Join(", ", expected)} for {id}; got {string.Join(", ", received.Select(r => r.Type))}");
        }
        finally
        {
            await bus.StopAsync();
        }

        Task Record(string type, Guid serviceId)
        {
            received.Enqueue((type, serviceId));
            return Task.CompletedTask;
        }
    }
}
