using Contracts.Referrals;
using Feedback.Tests.Support;

namespace Feedback.Tests.Features.Inbox;

/// <summary>The reference in the provider's messages tells apart referrals made in the same moment.</summary>
public sealed class ReferenceInInboxTests(FeedbackApi api) : IClassFixture<FeedbackApi>
{
    [Fact]
    public async Task Two_referrals_made_in_the_same_millisecond_have_different_references_in_the_providers_inbox()
    {
        var now = DateTimeOffset.UtcNow;
        var (first, second) = (Guid.CreateVersion7(now), Guid.CreateVersion7(now));
        var (service, organisation) = (Guid.NewGuid(), Guid.NewGuid());
        foreach (var id in new[] { first, second })
            await api.Publish(new ReferralStatusChanged(id, service, organisation, "practitioner-ref", ReferralStatuses.Draft,
                ReferralStatuses.Requested, null, "practitioner-ref", true, now));
        var provider = new Support.Referral(first, service, organisation, "practitioner-ref").ProviderToken;

        var firstBody = (await api.WaitForInbox(provider, first, "referral-new")).Single(i => i.Template == "referral-new").Body;
        var secondBody = (await api.WaitForInbox(provider, second, "referral-new")).Single(i => i.Template == "referral-new").Body;

        Assert.EndsWith($"Referral reference: {ReferralReference.For(first)}.", firstBody);
        Assert.EndsWith($"Referral reference: {ReferralReference.For(second)}.", secondBody);
        Assert.NotEqual(ReferralReference.For(first), ReferralReference.For(second));
    }
}
