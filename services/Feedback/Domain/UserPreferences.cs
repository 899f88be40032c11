using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FeedbackService.Domain;

/// <summary>How a signed-in user wants to be told. Without a row: in-app only.</summary>
public sealed class UserPreferences
{
    public static readonly string[] DefaultChannels = [FeedbackService.Domain.Channels.InApp];

    public string UserId { get; private set; } = "";
    public string? Email { get; private set; }
    public string? Phone { get; private set; }
    public List<string> Channels { get; private set; } = [];
    /// <summary>Email and SMS gathered into one message a day instead of one per event.</summary>
    public bool DailyDigest { get; private set; }

    private UserPreferences() { }

    public UserPreferences(string userId) => UserId = userId;

    public void Update(string? email, string? phone, IEnumerable<string> channels, bool dailyDigest)
    {
        Email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        Phone = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        Channels = channels.Distinct().ToList();
        DailyDigest = dailyDigest;
    }
}

/// <summary>A receiver (a GP system, a link worker's case tool) told of its owner's notifications by signed POSTs.</summary>
public sealed class WebhookSubscription
{
    public Guid Id { get; private set; }
    public string OwnerId { get; private set; } = "";
    public string Url { get; private set; } = "";
    /// <summary>The shared secret the receiver verifies the HMAC with (needed in clear to sign).</summary>
    public string Secret { get; private set; } = "";
    /// <summary>Templates to send ("*" for all).</summary>
    public List<string> Events { get; private set; } = [];
    public DateTimeOffset CreatedAt { get; private set; }

    private WebhookSubscription() { }

    public WebhookSubscription(string ownerId, string url, string secret, IEnumerable<string> events, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        OwnerId = ownerId;
        Url = url;
        Secret = secret;
        Events = events.Distinct().ToList();
        CreatedAt = at;
    }

    public bool Wants(string template) => Events.Count == 0 || Events.Contains("*") || Events.Contains(template);

    /// <summary>
    /// The FHIR R4 Subscription this receiver is, when a clinical system created it over FHIR (docs/FHIR.md): null for a
    /// plain webhook. It is told only of Tasks its criteria match and its owner may read, never of anything else.
    /// </summary>
    public TaskSubscription? Fhir { get; private set; }

    /// <summary>A FHIR Subscription's receiver: sent only the FHIR templates, starting <c>requested</c> until its handshake lands.</summary>
    public static WebhookSubscription ForFhir(string ownerId, string url, string secret, TaskSubscription fhir, DateTimeOffset at) =>
        new(ownerId, url, secret, TaskSubscription.Templates, at) { Fhir = fhir };
}

internal sealed class UserPreferencesConfiguration : IEntityTypeConfiguration<UserPreferences>
{
    public void Configure(EntityTypeBuilder<UserPreferences> preferences)
    {
        preferences.ToTable("user_preferences");
        preferences.HasKey(p => p.UserId);
        preferences.Property(p => p.UserId).HasMaxLength(200);
        preferences.Property(p => p.Email).HasMaxLength(320);
        preferences.Property(p => p.Phone).HasMaxLength(40);
        preferences.PrimitiveCollection(p => p.Channels);
    }
}

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> webhook)
    {
        webhook.ToTable("webhook_subscriptions");
        webhook.HasKey(w => w.Id);
        webhook.Property(w => w.Id).ValueGeneratedNever();
        webhook.Property(w => w.OwnerId).HasMaxLength(200);
        webhook.Property(w => w.Url).HasMaxLength(1000);
        webhook.Property(w => w.Secret).HasMaxLength(200);
        webhook.PrimitiveCollection(w => w.Events);
        webhook.HasIndex(w => w.OwnerId);
        webhook.OwnsOne(w => w.Fhir, fhir =>
        {
            fhir.Property(f => f.Criteria).HasMaxLength(1000);
            fhir.Property(f => f.Status).HasMaxLength(20);
            fhir.Property(f => f.Error).HasMaxLength(1000);
            fhir.Property(f => f.Reason).HasMaxLength(500);
            fhir.Property(f => f.PayloadContent).HasMaxLength(20);
            fhir.Property(f => f.OwnerRole).HasMaxLength(30);
            fhir.Property(f => f.OwnerTeam).HasMaxLength(200);
            fhir.Property(f => f.TaskBaseUrl).HasMaxLength(1000);
            fhir.HasIndex(f => f.Status);
        });
    }
}
