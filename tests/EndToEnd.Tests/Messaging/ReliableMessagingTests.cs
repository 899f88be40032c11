using TestSupport;

namespace EndToEnd.Tests.Messaging;

/// <summary>
/// The three services as separate processes over real RabbitMQ and PostgreSQL: a SIGKILL at the worst moment loses
/// nothing and processes nothing twice. Each test kills a process, so each starts a system of its own.
/// </summary>
public sealed class ReliableMessagingTests
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Killing_a_consumer_mid_stream_loses_nothing_and_processes_nothing_twice()
    {
        const int services = 120;
        await using var system = await DistributedSystem.Start();
        var organisation = await system.CreateOrganisation("Paulsgrove Community Trust");
        const string readModel = "SELECT count(*) FROM referrable_services";
        const string inbox = "SELECT count(*) FROM inbox_messages WHERE consumer = 'ServiceListedConsumer'";

        var listing = Task.Run(async () =>
        {
            for (var i = 0; i < services; i++) await system.ListService(organisation, $"Activity {i}");
        });
        await Eventually.Until(async () => await system.Count("Referrals", readModel) >= 15, Delivery, "Referrals to start consuming");
        await system.Referrals.Kill();
        var seenAtKill = await system.Count("Referrals", readModel);
        await listing;
        Assert.True(seenAtKill < services, $"the kill came after all {services} were consumed, so it proved nothing");

        await system.Referrals.Start();

        await Eventually.Until(async () => await system.Count("Referrals", readModel) == services, Delivery,
            $"Referrals to catch up to {services} services after restart");
        Assert.Equal(services, await system.Count("Referrals", inbox));
        // Only the listings' events: Directory also sends the insight snapshots Feedback asks for when it starts.
        Assert.Equal(services, await system.Count("Directory",
            "SELECT count(*) FROM outbox_messages WHERE sent_at IS NOT NULL AND message_type LIKE '%ServiceListed%'"));
        await Eventually.Until(async () => await system.Count("Feedback", "SELECT count(*) FROM activities") == services, Delivery,
            "Feedback, never killed, to see every service too");
        Assert.Equal(services, await system.Count("Feedback", "SELECT count(*) FROM inbox_messages WHERE consumer = 'ServiceListedConsumer'"));
    }

    [Fact]
    public async Task An_event_committed_but_not_published_before_a_publisher_crash_is_sent_after_restart()
    {
        await using var system = await DistributedSystem.Start(new Dictionary<string, Dictionary<string, string>>
        {
            // Holds the dispatcher back so the process dies in the window between commit and publish.
            ["Directory"] = new() { ["Outbox__DispatchEnabled"] = "false" },
        });
        var organisation = await system.CreateOrganisation("Drayton Men's Shed");
        var service = await system.ListService(organisation, "Shed open morning");
        // Only the listing's event: Directory may also hold insight snapshots Feedback asked for at its start.
        Assert.Equal(1, await system.Count("Directory", "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL AND message_type LIKE '%ServiceListed%'"));

        await system.Directory.Kill();
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(await system.ReferralsKnows(service));

        await system.Directory.Start(new Dictionary<string, string> { ["Outbox__DispatchEnabled"] = "true" });

        await Eventually.Until(() => system.ReferralsKnows(service), Delivery, "the outbox to send the event after restart");
        await Eventually.Until(() => system.FeedbackKnows(service), Delivery, "Feedback to receive it too");
        Assert.Equal(0, await system.Count("Directory", "SELECT count(*) FROM outbox_messages WHERE sent_at IS NULL"));
    }
}
