using TestSupport;

namespace EndToEnd.Tests.Messaging;

/// <summary>What Directory publishes when a service is listed, Referrals and Feedback consume, as separate processes over real RabbitMQ.</summary>
[Collection(SharedSystemCollection.Name)]
public sealed class ListingEventTests(SharedSystem fixture)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(120);
    private DistributedSystem System => fixture.System;

    [Fact]
    public async Task A_listed_service_reaches_referrals_and_feedback()
    {
        var organisation = await System.CreateOrganisation("Cosham Good Neighbours");

        var service = await System.ListService(organisation, "Tuesday lunch club");

        await Eventually.Until(() => System.ReferralsKnows(service), Delivery, "Referrals to learn of the service");
        await Eventually.Until(() => System.FeedbackKnows(service), Delivery, "Feedback to learn of the service");
    }
}
