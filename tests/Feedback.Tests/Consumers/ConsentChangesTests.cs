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
/// Referrals' consent events take effect in Feedback at once: a withdrawn channel is never used again (and what was
/// waiting to go on it is cancelled), and the referrer stops hearing of attendance and outcomes, status messages included.
/// </summary>
public sealed class ConsentChangesTests(FeedbackApi api) : IClassFixture<FeedbackApi>
{
    private static ReferralConsentChanged Consent(Guid referralId, bool outcomes = true, bool email = true, string? address = null) =>
        new(referralId, ShareWithProvider: true, outcomes, ContactBySms: false, ContactByEmail: email, "Pat",
            email ? address : null, null, DateTimeOffset.UtcNow);

    private Task<List<Notification>> Notifications(Guid referralId) =>
        api.InDb(db => db.Notifications.AsNoTracking().Where(n => n.ReferralId == referralId).ToListAsync());

    private Task<string?> StatusInFeedback(Guid referralId) =>
        api.InDb(db => db.Referrals.AsNoTracking().Where(r => r.Id == referralId).Select(r => r.Status).SingleOrDefaultAsync());

    [Fact]
    public async Task Withdrawing_email_contact_cancels_the_waiting_reminder_and_no_later_message_uses_email()
    {
        var referral = await api.AcceptedReferral();
        var email = $"person-{Guid.NewGuid():N}@example.org";
        await api.Publish(Consent(referral.Id, address: email));
        await Eventually.Until(async () => (await Notifications(referral.Id)).Any(n => n.Template == "person-accepted"),
            TimeSpan.FromSeconds(30), "the acceptance message to the person");
        var inThreeDays = new { startsAt = DateTimeOffset.UtcNow.AddDays(3) };
        Assert.Equal(HttpStatusCode.OK, (await api.PutAs(referral.ProviderToken, $"{referral.Path}/first-session", inThreeDays)).StatusCode);

        await api.Publish(Consent(referral.Id, email: false) with { OccurredAt = DateTimeOffset.UtcNow.AddSeconds(1) });

        await Eventually.Until(async () => (await Notifications(referral.Id)).Single(n => n.Template == "person-reminder").Status == DeliveryStatus.Cancelled,
            TimeSpan.FromSeconds(30), "the reminder to be cancelled");
        var inFourDays = new { startsAt = DateTimeOffset.UtcNow.AddDays(4) };
        Assert.Equal(HttpStatusCode.OK, (await api.PutAs(referral.ProviderToken, $"{referral.Path}/first-session", inFourDays)).StatusCode);
        var toPerson = (await Notifications(referral.Id)).Where(n => n.Recipient == $"person:{referral.Id}").ToList();
        Assert.Single(toPerson, n => n.Template == "person-reminder"); // the cancelled one; none for the new date
        Assert.DoesNotContain(await api.InDb(db => db.Referrals.AsNoTracking().Select(r => r.ContactEmail).ToListAsync()), e => e == email);
    }

    [Fact]
    public async Task A_new_email_address_given_before_a_reminder_goes_is_where_it_goes_and_the_old_one_is_used_no_more()
    {
        var referral = await api.AcceptedReferral();
        var oldEmail = $"person-{Guid.NewGuid():N}@example.org";
        var newEmail = $"person-{Guid.NewGuid():N}@example.org";
        await api.Publish(Consent(referral.Id, address: oldEmail));
        var inThreeDays = new { startsAt = DateTimeOffset.UtcNow.AddDays(3) };
        await Eventually.Until(async () => (await Notifications(referral.Id)).Any(n => n.Template == "person-accepted"),
            TimeSpan.FromSeconds(30), "the acceptance message to the person");
        Assert.Equal(HttpStatusCode.OK, (await api.PutAs(referral.ProviderToken, $"{referral.Path}/first-session", inThreeDays)).StatusCode);
        await Eventually.Until(async () => (await Notifications(referral.Id)).Any(n => n.Template == "person-reminder"),
            TimeSpan.FromSeconds(30), "the reminder to be waiting");

        await api.Publish(Consent(referral.Id, address: newEmail) with { OccurredAt = DateTimeOffset.UtcNow.AddSeconds(1) });

        await Eventually.Until(async () => (await Notifications(referral.Id)).Single(n => n.Template == "person-reminder").Address == newEmail,
            TimeSpan.FromSeconds(60), "the waiting reminder to go to the new address");
        var reminder = (await Notifications(referral.Id)).Single(n => n.Template == "person-reminder");
        Assert.Equal(DeliveryStatus.Pending, reminder.Status);
        Assert.DoesNotContain(await Notifications(referral.Id), n => n.Status == DeliveryStatus.Pending && n.Address == oldEmail);
    }

    [Fact]
    public async Task After_sharing_outcomes_is_withdrawn_the_referrer_is_not_told_the_person_started_going()
    {
        var referral = await api.AcceptedReferral(shareOutcomes: true, madeAt: FeedbackApi.MadeInSeptember);
        var withdrawnAt = DateTimeOffset.UtcNow.AddSeconds(10);
        await api.Publish(Consent(referral.Id, outcomes: false) with { OccurredAt = withdrawnAt });
        using var referrer = api.ClientAs(referral.ReferrerToken);
        await Eventually.Until(async () => (await referrer.GetAsync($"{referral.Path}/summary")).StatusCode == HttpStatusCode.Forbidden,
            TimeSpan.FromSeconds(30), "the withdrawal to reach Feedback");

        // The person started going just before the withdrawal, but Feedback hears of it after: the status event still
        // carries the consent as it was then, and Feedback holds the newer one.
        await api.Publish(new ReferralStatusChanged(referral.Id, referral.ServiceId, referral.OrganisationId, referral.ReferrerId,
            ReferralStatuses.Accepted, ReferralStatuses.InProgress, null, "system", true, withdrawnAt.AddSeconds(-5)));
        await api.PostAs(referral.ProviderToken, $"{referral.Path}/attendance", new { sessionDate = "2026-10-01", status = "attended" });

        await Eventually.Until(async () => await StatusInFeedback(referral.Id) == ReferralStatuses.InProgress,
            TimeSpan.FromSeconds(30), "Feedback to apply the status change");
        var toReferrer = (await Notifications(referral.Id)).Where(n => n.Recipient == referral.ReferrerId).Select(n => n.Template).ToList();
        Assert.Contains("referral-accepted", toReferrer);
        Assert.DoesNotContain("referral-in-progress", toReferrer);
        Assert.DoesNotContain("attendance-first", toReferrer);
    }

    [Fact]
    public async Task Withdrawing_outcome_sharing_cancels_the_referrers_waiting_digest_about_attendance()
    {
        var referral = await api.AcceptedReferral(shareOutcomes: true, madeAt: FeedbackApi.MadeInSeptember);
        using (var referrer = api.ClientAs(referral.ReferrerToken))
            Assert.Equal(HttpStatusCode.OK, (await referrer.PutAsJsonAsync("/api/feedback/preferences",
                new { email = "gp@example.org", channels = new[] { "email" }, dailyDigest = true })).StatusCode);
        await api.PostAs(referral.ProviderToken, $"{referral.Path}/attendance", new { sessionDate = "2026-10-01", status = "attended" });
        var waiting = (await Notifications(referral.Id)).Single(n => n.Template == "attendance-first");
        Assert.Equal(DeliveryStatus.Pending, waiting.Status);

        await api.Publish(Consent(referral.Id, outcomes: false));

        await Eventually.Until(async () => (await Notifications(referral.Id)).Single(n => n.Id == waiting.Id).Status == DeliveryStatus.Cancelled,
            TimeSpan.FromSeconds(30), "the digest item to be cancelled");
    }

    [Fact]
    public async Task An_older_consent_event_arriving_late_does_not_undo_a_withdrawal()
    {
        var referral = await api.AcceptedReferral();
        var email = $"person-{Guid.NewGuid():N}@example.org";
        var granted = Consent(referral.Id, address: email) with { OccurredAt = DateTimeOffset.UtcNow.AddMinutes(-1) };
        await api.Publish(Consent(referral.Id, email: false));
        await Eventually.Until(async () => await api.InDb(db => db.Referrals.AnyAsync(r => r.Id == referral.Id && r.ConsentChangedAt != null)),
            TimeSpan.FromSeconds(30), "the withdrawal to be applied");

        var lateMessage = Guid.NewGuid();
        await api.Publish(granted, lateMessage);

        await Eventually.Until(async () => await api.InDb(db => db.Inbox.AnyAsync(i => i.MessageId == lateMessage)),
            TimeSpan.FromSeconds(30), "the late event to be consumed");
        Assert.Null(await api.InDb(db => db.Referrals.Where(r => r.Id == referral.Id).Select(r => r.ContactEmail).SingleAsync()));
    }

    [Fact]
    public async Task The_referrers_team_has_the_referrers_rights_and_a_stranger_gets_the_404_of_an_unknown_referral()
    {
        var referral = new Support.Referral(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), $"practitioner-{Guid.NewGuid():N}"[..24]);
        await api.Publish(new ReferralStatusChanged(referral.Id, referral.ServiceId, referral.OrganisationId, referral.ReferrerId,
            ReferralStatuses.Requested, ReferralStatuses.Accepted, null, "staff", true, DateTimeOffset.UtcNow, Roles.Practitioner, "fratton-pcn"));
        using var colleague = api.ClientAs(TestTokens.For(Roles.Practitioner, userId: "colleague", team: "fratton-pcn"));
        using var stranger = api.ClientAs(TestTokens.For(Roles.Practitioner, userId: "stranger", team: "other-pcn"));

        await Eventually.Until(async () => (await colleague.GetAsync($"{referral.Path}/summary")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "the team colleague to read the summary");
        var real = await stranger.GetAsync($"{referral.Path}/summary");
        var unknown = await stranger.GetAsync($"/api/feedback/referrals/{Guid.NewGuid()}/summary");
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (real.StatusCode, unknown.StatusCode));
        Assert.Equal((await real.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString(),
            (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }
}
