using System.Net;
using System.Net.Http.Json;
using BuildingBlocks.Auth;
using Contracts.Referrals;
using Feedback.Tests.Support;
using FeedbackService;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using TestSupport;

namespace Feedback.Tests.Features.AccountMessages;

/// <summary>The Feedback service as the embedded default runs it: no SMTP server or Notify; email, letters and texts kept in the drop.</summary>
public sealed class MailDropFeedbackApi : FeedbackApi
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        base.ConfigureSettings(builder);
        builder.UseSetting("Feedback:MailDrop:Enabled", "true");
        builder.UseSetting("Feedback:LetterDrop:Enabled", "true");
        builder.UseSetting("Feedback:TextDrop:Enabled", "true");
    }
}

/// <summary>
/// The mail drop shows account mail to whoever names its address, and a referred person's emails and letters only to
/// the referrer's side: a letter carries the person's name and address.
/// </summary>
public sealed class MailDropTests(MailDropFeedbackApi api) : IClassFixture<MailDropFeedbackApi>
{
    private const string Mine = "/api/feedback/mail-drop/mine";

    [Fact]
    public async Task Without_an_smtp_server_account_mail_is_kept_for_the_portal_to_show_and_only_the_portal_may_read_it()
    {
        var to = $"newcomer-{Guid.NewGuid():N}@example.org";
        using var portal = api.ClientAs(TestTokens.For(Roles.Service, userId: "portal"));
        await portal.PostAsJsonAsync("/api/feedback/account-messages",
            new { messageId = Guid.NewGuid(), to, subject = "Reset your password", body = "Open http://localhost/reset" });

        var drop = await WaitForDrop(portal, $"/api/feedback/mail-drop?to={Uri.EscapeDataString(to)}", "the email in the mail drop");
        var mail = Assert.Single(drop.Items);
        Assert.Equal(("Reset your password", "Open http://localhost/reset"), (mail.Subject, mail.Body));

        using var admin = api.ClientAs(TestTokens.For(Roles.Admin));
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync($"/api/feedback/mail-drop?to={Uri.EscapeDataString(to)}")).StatusCode);
    }

    [Fact]
    public async Task The_account_drop_shows_one_address_at_a_time_and_says_so_when_none_is_named()
    {
        using var portal = api.ClientAs(TestTokens.For(Roles.Service, userId: "portal"));

        var response = await portal.GetAsync("/api/feedback/mail-drop");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"to\"", (await response.Content.ReadAsStringAsync()).ToLowerInvariant());
    }

    [Fact]
    public async Task A_referred_persons_letter_and_email_are_shown_to_the_referrer_only_and_each_read_is_audited()
    {
        var referral = new Referral(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), $"practitioner-{Guid.NewGuid():N}"[..24]);
        var email = $"halina-{Guid.NewGuid():N}@example.org";
        string[] address = ["Halina Nowak", "12 Northern Parade", "Portsmouth", "PO2 9LU"];
        await api.Publish(new ReferralConsentChanged(referral.Id, ShareWithProvider: true, ShareOutcomesWithReferrer: true,
            ContactBySms: false, ContactByEmail: true, "Halina", email, null, DateTimeOffset.UtcNow, ContactByPost: true, address));
        await api.Publish(new ReferralStatusChanged(referral.Id, referral.ServiceId, referral.OrganisationId, referral.ReferrerId,
            "requested", "accepted", null, "provider-staff", true, DateTimeOffset.UtcNow.AddSeconds(1)));

        using var referrer = api.ClientAs(referral.ReferrerToken);
        var drop = await WaitForDrop(referrer, Mine, "the person's acceptance message in the referrer's mail drop");
        Assert.Contains(drop.Items, m => m.To == string.Join('\n', address) || m.To == email);

        using var otherPractitioner = api.ClientAs(TestTokens.For(Roles.Practitioner, userId: $"other-{Guid.NewGuid():N}"[..20]));
        using var provider = api.ClientAs(referral.ProviderToken);
        using var portal = api.ClientAs(TestTokens.For(Roles.Service, userId: "portal"));
        Assert.Empty((await otherPractitioner.GetFromJsonAsync<MailDrop>(Mine))!.Items);
        Assert.Empty((await provider.GetFromJsonAsync<MailDrop>(Mine))!.Items);
        // Naming the person's address to the account drop shows nothing: it holds account mail only.
        Assert.Empty((await portal.GetFromJsonAsync<MailDrop>($"/api/feedback/mail-drop?to={Uri.EscapeDataString(email)}"))!.Items);

        var audited = await api.InDb(db => db.AuditLog.AsNoTracking()
            .CountAsync(a => a.ReferralId == referral.Id && a.Action == "read-mail-drop" && a.UserId == referral.ReferrerId));
        Assert.True(audited > 0, "the referrer's read of the person's messages was not audited");
    }

    [Fact]
    public async Task Without_notify_a_text_to_a_referred_person_is_kept_by_the_embedded_defaults_text_channel()
    {
        var referral = new Referral(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), $"practitioner-{Guid.NewGuid():N}"[..24]);
        await api.Publish(new ReferralConsentChanged(referral.Id, ShareWithProvider: true, ShareOutcomesWithReferrer: true,
            ContactBySms: true, ContactByEmail: false, "Sam", null, "07700 900123", DateTimeOffset.UtcNow));
        await api.Publish(new ReferralStatusChanged(referral.Id, referral.ServiceId, referral.OrganisationId, referral.ReferrerId,
            "requested", "accepted", null, "provider-staff", true, DateTimeOffset.UtcNow.AddSeconds(1)));

        using var referrer = api.ClientAs(referral.ReferrerToken);
        var text = Assert.Single((await WaitForDrop(referrer, Mine, "the text to the person in the referrer's mail drop")).Items);

        Assert.Equal(("sms", "07700 900123"), (text.Channel, text.To));
        Assert.Contains("Sam", text.Body);
    }

    private static async Task<MailDrop> WaitForDrop(HttpClient http, string path, string what)
    {
        MailDrop? drop = null;
        await Eventually.Until(async () =>
        {
            drop = await http.GetFromJsonAsync<MailDrop>(path);
            return drop!.Items.Count > 0;
        }, TimeSpan.FromSeconds(30), what);
        return drop!;
    }

    private sealed record MailDrop(List<DroppedMail> Items, int Total);

    private sealed record DroppedMail(string To, string Subject, string Body, string Channel);
}
