using System.Net;
using System.Net.Http.Json;
using BuildingBlocks.Auth;
using Contracts.Referrals;
using FeedbackService;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;

namespace Feedback.Tests.Support;

/// <summary>
/// The Feedback service in-process on real PostgreSQL and RabbitMQ, sending email to a real SMTP server on
/// loopback, with a quick delivery poll so tests wait less. Webhooks may go to http receivers on loopback
/// (<see cref="WebhookReceiver"/>); <see cref="StrictWebhooksFeedbackApi"/> keeps the production defaults.
/// </summary>
public class FeedbackApi : ServiceApi<FeedbackModule>
{
    public LoopbackSmtpServer Smtp { get; } = new();

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Feedback:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Feedback:Smtp:Port", Smtp.Port.ToString());
        builder.UseSetting("Feedback:Delivery:PollInterval", "00:00:00.100");
        builder.UseSetting("Feedback:Delivery:BaseDelay", "00:00:00.200");
        builder.UseSetting("Feedback:Webhooks:AllowInsecureHttp", "true");
        builder.UseSetting("Feedback:Webhooks:AllowPrivateNetworks", "true");
    }

    /// <summary>
    /// The delivery worker polls only every ten minutes, far past any wait in a test: what is sent was pushed by
    /// the commit of its notification.
    /// </summary>
    public sealed class PollingRarely : FeedbackApi
    {
        protected override void ConfigureSettings(IWebHostBuilder builder)
        {
            base.ConfigureSettings(builder);
            builder.UseSetting("Feedback:Delivery:PollInterval", "00:10:00");
        }
    }

    /// <summary>No delivery worker: notifications stay as committed, pending.</summary>
    public sealed class WithoutDelivery : FeedbackApi
    {
        protected override void ConfigureSettings(IWebHostBuilder builder)
        {
            base.ConfigureSettings(builder);
            builder.UseSetting("Feedback:Delivery:Enabled", "false");
        }
    }

    /// <summary>
    /// Inbox streams look again only every ten minutes of quiet: a message that reaches an open stream here was pushed
    /// by the commit (through PostgreSQL's NOTIFY).
    /// </summary>
    public sealed class QuietStreams : FeedbackApi
    {
        protected override void ConfigureSettings(IWebHostBuilder builder)
        {
            base.ConfigureSettings(builder);
            builder.UseSetting("Feedback:InboxStream:Heartbeat", "00:10:00");
        }
    }

    /// <summary>Publishes a Referrals event onto the service's real RabbitMQ vhost, as Referrals would.</summary>
    public Task Publish<T>(T message, Guid? messageId = null) where T : class =>
        Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = messageId ?? Guid.NewGuid());

    /// <summary>A day well before the fixed session dates the tests record (2026-10-01 on): a referral made then may have them.</summary>
    public static readonly DateTimeOffset MadeInSeptember = new(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A referral Feedback knows about: published as Referrals would, then waited for. With <paramref name="madeAt"/>, it
    /// was sent (draft to requested) then and answered now, so attendance may be recorded for the days between;
    /// without, Feedback knows it only from now.
    /// </summary>
    public async Task<Referral> AcceptedReferral(bool shareOutcomes = true, string toStatus = "accepted", DateTimeOffset? madeAt = null)
    {
        var referral = new Referral(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), $"practitioner-{Guid.NewGuid():N}"[..24]);
        if (madeAt is { } made)
        {
            await Publish(new ReferralStatusChanged(referral.Id, referral.ServiceId, referral.OrganisationId, referral.ReferrerId,
                "draft", "requested", null, referral.ReferrerId, shareOutcomes, made));
            await Eventually.Until(async () => await this.InDb(db => db.Referrals.AnyAsync(r => r.Id == referral.Id && r.MadeAt != null)),
                TimeSpan.FromSeconds(30), "Feedback to learn the referral was sent");
        }
        await Publish(new ReferralStatusChanged(referral.Id, referral.ServiceId, referral.OrganisationId, referral.ReferrerId,
            "requested", toStatus, null, "provider-staff", shareOutcomes, DateTimeOffset.UtcNow));
        using var http = ClientAs(referral.ProviderToken);
        await Eventually.Until(async () => (await http.GetAsync($"/api/feedback/referrals/{referral.Id}/summary")).StatusCode == HttpStatusCode.OK
                                           && await this.InDb(db => db.Referrals.AnyAsync(r => r.Id == referral.Id && r.Status == toStatus)),
            TimeSpan.FromSeconds(30), "Feedback to learn of the referral");
        return referral;
    }

    public async Task<T> Get<T>(string token, string path)
    {
        using var http = ClientAs(token);
        var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }
}

/// <summary>The Feedback service with the default webhook rules: https to public hosts only.</summary>
public sealed class StrictWebhooksFeedbackApi : ServiceApi<FeedbackModule>
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Feedback:Delivery:PollInterval", "00:00:00.100");
    }

    public Task Publish<T>(T message) where T : class =>
        Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = Guid.NewGuid());
}

public sealed record Referral(Guid Id, Guid ServiceId, Guid OrganisationId, string ReferrerId)
{
    public string ProviderToken => TestTokens.For(Roles.Provider, OrganisationId);
    public string ReferrerToken => TestTokens.For(Roles.Practitioner, userId: ReferrerId);
    public string Path => $"/api/feedback/referrals/{Id}";
}

/// <summary>The same service on the embedded default's storage: a SQLite file and the in-memory bus.</summary>
public class SqliteFeedbackApi : FeedbackApi
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "feedback-tests", $"feedback-{Guid.NewGuid():N}.db");

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        base.ConfigureSettings(builder);
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Database", $"Data Source={_file}");
        builder.UseSetting("Bus:Transport", "InMemory");
    }
}
