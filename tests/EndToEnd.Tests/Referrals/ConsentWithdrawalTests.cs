using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildingBlocks.Auth;
using TestSupport;

namespace EndToEnd.Tests.Referrals;

/// <summary>
/// Each consent flag withdrawn through the Referrals API takes effect in every service, over real RabbitMQ and
/// PostgreSQL between separate processes: the provider stops seeing the person, the referrer stops hearing of
/// attendance (status messages included), and a withdrawn contact channel is never used again.
/// </summary>
[Collection(SharedSystemCollection.Name)]
public sealed class ConsentWithdrawalTests(SharedSystem fixture)
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(120);
    private DistributedSystem System => fixture.System;

    private sealed record Parties(Guid ReferralId, Guid OrganisationId, HttpClient ReferrerReferrals, HttpClient ReferrerFeedback,
        HttpClient ProviderReferrals, HttpClient ProviderFeedback, string PersonEmail) : IDisposable
    {
        public void Dispose()
        {
            foreach (var http in new[] { ReferrerReferrals, ReferrerFeedback, ProviderReferrals, ProviderFeedback }) http.Dispose();
        }
    }

    private static object ConsentBody(bool shareWithProvider = true, bool shareOutcomes = true, bool email = true, bool sms = false, bool post = false) => new
    {
        givenBy = "person", method = "verbal", givenAt = DateTimeOffset.UtcNow.AddMinutes(-5),
        shareWithProvider, shareOutcomesWithReferrer = shareOutcomes, contactBySms = sms, contactByEmail = email, contactByPost = post,
    };

    /// <summary>
    /// A referral made and accepted through the APIs, with every consent given; Feedback has seen it accepted. By
    /// "letter", the person has no email or phone: they are reached by post and agreed to letters.
    /// </summary>
    private async Task<Parties> AcceptedReferral(string surname, string channel = "email")
    {
        var organisationId = await System.CreateOrganisation($"Friends of the Park {Guid.NewGuid():N}"[..28]);
        var serviceId = await System.ListService(organisationId, "Coffee morning");
        await Eventually.Until(() => System.ReferralsKnows(serviceId), Delivery, "Referrals to learn of the activity");
        var referrerId = $"gp-{Guid.NewGuid():N}"[..20];
        var referrer = TestTokens.For(Roles.Practitioner, userId: referrerId, team: "fratton-link-workers");
        var provider = TestTokens.For(Roles.Provider, organisationId);
        var postal = channel == "letter";
        var personEmail = $"{surname.ToLowerInvariant()}@example.org";
        var parties = new Parties(Guid.Empty, organisationId, System.Referrals.Client(referrer), System.Feedback.Client(referrer),
            System.Referrals.Client(provider), System.Feedback.Client(provider), personEmail);

        var created = await parties.ReferrerReferrals.PostAsJsonAsync("/api/referrals", new
        {
            serviceId,
            person = new { givenName = "Hortensia", familyName = surname, dateOfBirth = "1941-06-09", nhsNumber = "943 476 5919",
                email = postal ? null : personEmail, phone = postal ? null : "07700 900456", needs = new[] { "bereavement" }, notes = "Hard of hearing",
                contactRoute = postal ? new { kind = "post", address = "14 Magdala Road\nCosham, Portsmouth\npo6 2qg" } : null },
            consent = ConsentBody(email: channel == "email", sms: channel == "sms", post: postal),
            reason = "Widowed last spring",
            submit = true,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var referralId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await parties.ProviderReferrals.PostAsync($"/api/referrals/{referralId}/accept", null)).StatusCode);
        await Eventually.Until(async () => await FeedbackStatus(parties.ProviderFeedback, referralId) == "accepted", Delivery,
            "Feedback to see the referral accepted");
        return parties with { ReferralId = referralId };
    }

    private static async Task<string?> FeedbackStatus(HttpClient provider, Guid referralId)
    {
        var response = await provider.GetAsync($"/api/feedback/referrals/{referralId}/summary");
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString() : null;
    }

    private static async Task<List<string>> InboxTemplates(HttpClient http, Guid referralId) =>
        (await http.GetFromJsonAsync<JsonElement>("/api/feedback/inbox")).GetProperty("items").EnumerateArray()
        .Where(i => i.GetProperty("referralId").GetString() == referralId.ToString())
        .Select(i => i.GetProperty("template").GetString()!).ToList();

    [Fact]
    public async Task Withdrawing_consent_to_share_with_the_provider_hides_the_person_from_the_provider_at_once()
    {
        using var p = await AcceptedReferral("Pemberton");

        var withdrawn = await p.ReferrerReferrals.PostAsJsonAsync($"/api/referrals/{p.ReferralId}/consent", ConsentBody(shareWithProvider: false));

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var detail = await p.ProviderReferrals.GetStringAsync($"/api/referrals/{p.ReferralId}");
        var incoming = (await p.ProviderReferrals.GetFromJsonAsync<JsonElement>("/api/referrals/incoming")).GetProperty("items")
            .EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == p.ReferralId).ToString();
        foreach (var personal in new[] { "Hortensia", "Pemberton", "1941-06-09", "943 476 5919", p.PersonEmail, "07700 900456",
                     "bereavement", "Hard of hearing", "Widowed" })
        {
            Assert.DoesNotContain(personal, detail);
            Assert.DoesNotContain(personal, incoming);
        }
        Assert.Contains("Pemberton", await p.ReferrerReferrals.GetStringAsync($"/api/referrals/{p.ReferralId}"));
    }

    [Fact]
    public async Task Withdrawing_consent_to_share_outcomes_stops_attendance_and_its_status_messages_reaching_the_referrer()
    {
        using var p = await AcceptedReferral("Quarrington");
        await Eventually.Until(async () => (await InboxTemplates(p.ReferrerFeedback, p.ReferralId)).Contains("referral-accepted"),
            Delivery, "'accepted' in the referrer's inbox");

        var withdrawn = await p.ReferrerReferrals.PostAsJsonAsync($"/api/referrals/{p.ReferralId}/consent", ConsentBody(shareOutcomes: false));
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        await Eventually.Until(async () => (await p.ReferrerFeedback.GetAsync($"/api/feedback/referrals/{p.ReferralId}/summary")).StatusCode
                                           == HttpStatusCode.Forbidden, Delivery, "Feedback to hold the withdrawal");

        var attended = await p.ProviderFeedback.PostAsJsonAsync($"/api/feedback/referrals/{p.ReferralId}/attendance",
            new { sessionDate = BuildingBlocks.Time.UkTime.Today(TimeProvider.System).ToString("yyyy-MM-dd"), status = "attended" });
        Assert.Equal(HttpStatusCode.Created, attended.StatusCode);

        // Attendance starts the referral in Referrals, whose status event then reaches Feedback.
        await Eventually.Until(async () => await FeedbackStatus(p.ProviderFeedback, p.ReferralId) == "in-progress", Delivery,
            "the first attendance to start the referral and Feedback to hear of it");
        var told = await InboxTemplates(p.ReferrerFeedback, p.ReferralId);
        Assert.DoesNotContain("referral-in-progress", told);
        Assert.DoesNotContain("attendance-first", told);
        var detail = await p.ReferrerReferrals.GetFromJsonAsync<JsonElement>($"/api/referrals/{p.ReferralId}");
        Assert.False(detail.TryGetProperty("attendance", out var attendance) && attendance.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task Withdrawing_consent_to_share_outcomes_takes_back_news_of_attendance_the_referrer_has_not_read()
    {
        using var p = await AcceptedReferral("Ashworth");
        var attended = await p.ProviderFeedback.PostAsJsonAsync($"/api/feedback/referrals/{p.ReferralId}/attendance",
            new { sessionDate = BuildingBlocks.Time.UkTime.Today(TimeProvider.System).ToString("yyyy-MM-dd"), status = "attended" });
        Assert.Equal(HttpStatusCode.Created, attended.StatusCode);
        await Eventually.Until(async () => (await InboxTemplates(p.ReferrerFeedback, p.ReferralId)) is var told
                                           && told.Contains("attendance-first") && told.Contains("referral-in-progress"),
            Delivery, "the news of attendance in the referrer's inbox");

        var withdrawn = await p.ReferrerReferrals.PostAsJsonAsync($"/api/referrals/{p.ReferralId}/consent", ConsentBody(shareOutcomes: false));
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);

        // Delivered, not yet read: gone from the inbox once Feedback holds the withdrawal; news that reveals no attendance stays.
        await Eventually.Until(async () => (await InboxTemplates(p.ReferrerFeedback, p.ReferralId)) is var told
                                           && !told.Contains("attendance-first") && !told.Contains("referral-in-progress"),
            Delivery, "the unread news of attendance to leave the referrer's inbox");
        Assert.Contains("referral-accepted", await InboxTemplates(p.ReferrerFeedback, p.ReferralId));
    }

    [Theory]
    [InlineData("email")]
    [InlineData("sms")]
    [InlineData("letter")]
    public async Task Withdrawing_a_contact_channel_cancels_the_waiting_reminder_and_the_channel_is_never_used_again(string channel)
    {
        using var p = await AcceptedReferral(channel switch { "email" => "Rowntree", "sms" => "Sissons", _ => "Thwaite" }, channel);
        var toPerson = $"FROM notifications WHERE recipient = 'person:{p.ReferralId}' AND channel = '{channel}'";
        await Eventually.Until(async () => await System.Count("Feedback", $"SELECT count(*) {toPerson} AND template = 'person-accepted'") == 1,
            Delivery, "the acceptance message to the person");
        if (channel == "email")
            await Eventually.Until(() => Task.FromResult(fixture.Smtp.To(p.PersonEmail).Count > 0), Delivery, "the acceptance email to arrive");
        // A letter is posted: to the address lines Referrals laid out (name first, postcode alone last), in the letter's own layout.
        var letters = $"{toPerson} AND status = 'sent' AND address = ('Hortensia Thwaite' || chr(10) || '14 Magdala Road' || chr(10)"
                      + " || 'Cosham, Portsmouth' || chr(10) || 'PO6 2QG') AND body LIKE 'Dear Hortensia,%'";
        if (channel == "letter")
            await Eventually.Until(async () => await System.Count("Feedback", $"SELECT count(*) {letters} AND template = 'person-accepted'") == 1,
                Delivery, "the acceptance letter to be posted");
        // A reminder by post leaves days ahead (Feedback:LetterReminderDaysBefore), so its session is further off for it to wait.
        var days = channel == "letter" ? 10 : 3;
        var firstSession = new { startsAt = DateTimeOffset.UtcNow.AddDays(days) };
        var scheduled = await p.ProviderFeedback.PutAsJsonAsync($"/api/feedback/referrals/{p.ReferralId}/first-session", firstSession);
        Assert.True(scheduled.IsSuccessStatusCode, await scheduled.Content.ReadAsStringAsync());

        var withdrawn = await p.ReferrerReferrals.PostAsJsonAsync($"/api/referrals/{p.ReferralId}/consent", ConsentBody(email: false, sms: false, post: false));

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        await Eventually.Until(async () => await System.Count("Feedback", $"SELECT count(*) {toPerson} AND template = 'person-reminder' AND status = 'cancelled'") == 1,
            Delivery, "the waiting reminder to be cancelled");
        var moved = new { startsAt = DateTimeOffset.UtcNow.AddDays(days + 1) };
        Assert.Equal(HttpStatusCode.OK, (await p.ProviderFeedback.PutAsJsonAsync($"/api/feedback/referrals/{p.ReferralId}/first-session", moved)).StatusCode);
        Assert.Equal(2, await System.Count("Feedback", $"SELECT count(*) FROM notifications WHERE recipient = 'person:{p.ReferralId}'"));
        Assert.Equal(0, await System.Count("Feedback",
            $"SELECT count(*) FROM referrals WHERE id = '{p.ReferralId}' AND (contact_email IS NOT NULL OR contact_phone IS NOT NULL OR contact_address IS NOT NULL)"));
        if (channel == "email") Assert.Single(fixture.Smtp.To(p.PersonEmail)); // the acceptance, before the withdrawal
        if (channel == "letter") Assert.Equal(1, await System.Count("Feedback", $"SELECT count(*) {letters}")); // the acceptance, before the withdrawal
    }

    [Fact]
    public async Task A_curator_exports_the_person_s_data_from_both_services_then_erases_it_and_each_service_forgets_them()
    {
        using var p = await AcceptedReferral("Tregothnan");
        await Eventually.Until(async () => await System.Count("Feedback", $"SELECT count(*) FROM notifications WHERE recipient = 'person:{p.ReferralId}'") == 1,
            Delivery, "the acceptance message to the person");
        var curator = TestTokens.For(Roles.Curator);
        using var curatorReferrals = System.Referrals.Client(curator);
        using var curatorFeedback = System.Feedback.Client(curator);
        var person = new { givenName = "Hortensia", familyName = "Tregothnan", dateOfBirth = "1941-06-09" };

        var held = await curatorReferrals.PostAsJsonAsync("/api/referrals/people/export", new { person });
        var ids = (await held.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("referrals").EnumerateArray()
            .Select(r => r.GetProperty("id").GetGuid()).ToList();
        var feedbackHeld = await curatorFeedback.PostAsJsonAsync("/api/feedback/people/export", new { referralIds = ids });

        Assert.Equal([p.ReferralId], ids);
        Assert.Contains(p.PersonEmail, await feedbackHeld.Content.ReadAsStringAsync());

        var erased = await curatorReferrals.PostAsJsonAsync("/api/referrals/people/erase", new { person, requestReference = "DSR-7" });

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        await Eventually.Until(async () => await System.Count("Feedback",
                $"SELECT count(*) FROM referrals WHERE id = '{p.ReferralId}' AND first_name IS NULL AND contact_email IS NULL AND status = 'cancelled'") == 1,
            Delivery, "Feedback to forget the person and see the referral cancelled");
        Assert.Equal(0, await System.Count("Feedback", $"SELECT count(*) FROM notifications WHERE recipient = 'person:{p.ReferralId}' AND address IS NOT NULL"));
        var detail = await p.ReferrerReferrals.GetStringAsync($"/api/referrals/{p.ReferralId}");
        Assert.DoesNotContain("Tregothnan", detail);
        Assert.Contains("\"anonymised\":true", detail);
        Assert.Equal(1, await System.Count("Referrals", $"SELECT count(*) FROM referral_audit_log WHERE referral_id = '{p.ReferralId}' AND action = 'erase'"));
        Assert.Equal(1, await System.Count("Feedback", $"SELECT count(*) FROM audit_log WHERE referral_id = '{p.ReferralId}' AND action = 'export'"));
    }
}
