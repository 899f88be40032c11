using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildingBlocks.Auth;
using Contracts.Referrals;
using Feedback.Tests.Support;
using FeedbackService.Domain;
using Microsoft.EntityFrameworkCore;
using TestSupport;

namespace Feedback.Tests.Consumers;

/// <summary>
/// When Referrals anonymises a referral (retention, or the person's erasure request), Feedback forgets the person too,
/// and hands over what it holds to hub staff answering a request for the person's data.
/// </summary>
public sealed class PersonErasureTests(FeedbackApi api) : IClassFixture<FeedbackApi>
{
    private static ReferralConsentChanged EmailConsent(Guid referralId, string address, DateTimeOffset at) =>
        new(referralId, ShareWithProvider: true, ShareOutcomesWithReferrer: true, ContactBySms: false, ContactByEmail: true,
            "Theodosia", address, null, at);

    private Task<List<Notification>> ToPerson(Guid referralId) =>
        api.InDb(db => db.Notifications.AsNoTracking().Where(n => n.Recipient == $"person:{referralId}").ToListAsync());

    [Fact]
    public async Task An_anonymised_referral_loses_the_person_s_name_and_address_and_its_messages_to_them_are_redacted_or_cancelled()
    {
        var referral = await api.AcceptedReferral();
        var email = $"theodosia-{Guid.NewGuid():N}@example.org";
        await api.Publish(EmailConsent(referral.Id, email, DateTimeOffset.UtcNow));
        await Eventually.Until(async () => (await ToPerson(referral.Id)).Any(n => n.Template == "person-accepted"),
            TimeSpan.FromSeconds(30), "the acceptance message to the person");
        var inThreeDays = new { startsAt = DateTimeOffset.UtcNow.AddDays(3) };
        Assert.Equal(HttpStatusCode.OK, (await api.PutAs(referral.ProviderToken, $"{referral.Path}/first-session", inThreeDays)).StatusCode);
        var erasedAt = DateTimeOffset.UtcNow.AddSeconds(1);

        await api.Publish(new ReferralAnonymised(referral.Id, ReferralAnonymised.Erasure, erasedAt));
        // A consent event from before the erasure, arriving late, must not bring the address back.
        await api.Publish(EmailConsent(referral.Id, email, erasedAt.AddSeconds(-30)));

        await Eventually.Until(async () => (await ToPerson(referral.Id)).All(n => n.Address is null),
            TimeSpan.FromSeconds(30), "the person's messages to be redacted");
        var messages = await ToPerson(referral.Id);
        Assert.Equal(DeliveryStatus.Cancelled, messages.Single(n => n.Template == "person-reminder").Status);
        Assert.All(messages, n => Assert.DoesNotContain("Theodosia", n.Body + n.Subject));
        var held = await api.InDb(db => db.Referrals.AsNoTracking().SingleAsync(r => r.Id == referral.Id));
        Assert.Null(held.FirstName);
        Assert.Null(held.ContactEmail);
        Assert.Null(held.PersonContact());
    }

    [Fact]
    public async Task A_curator_exports_what_Feedback_holds_for_the_person_s_referrals_and_the_read_is_audited()
    {
        var referral = await api.AcceptedReferral(madeAt: FeedbackApi.MadeInSeptember);
        var email = $"theodosia-{Guid.NewGuid():N}@example.org";
        await api.Publish(EmailConsent(referral.Id, email, DateTimeOffset.UtcNow));
        await api.PostAs(referral.ProviderToken, $"{referral.Path}/attendance", new { sessionDate = "2026-10-01", status = "attended" });
        await Eventually.Until(async () => (await ToPerson(referral.Id)).Any(), TimeSpan.FromSeconds(30), "the message to the person");
        using var curator = api.ClientAs(TestTokens.For(Roles.Curator));

        var response = await curator.PostAsJsonAsync("/api/feedback/people/export", new { referralIds = new[] { referral.Id, Guid.NewGuid() } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("referrals").EnumerateArray().Single();
        Assert.Equal(email, record.GetProperty("contactEmail").GetString());
        Assert.Equal("attended", record.GetProperty("attendance")[0].GetProperty("status").GetString());
        Assert.Contains(record.GetProperty("messagesToPerson").EnumerateArray(), m => m.GetProperty("address").GetString() == email);
        Assert.Equal(1, await api.InDb(db => db.AuditLog.CountAsync(a => a.ReferralId == referral.Id && a.Action == "export")));
    }

    [Fact]
    public async Task Only_hub_staff_may_export()
    {
        var referral = await api.AcceptedReferral();
        var response = await api.PostAs(referral.ProviderToken, "/api/feedback/people/export", new { referralIds = new[] { referral.Id } });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
