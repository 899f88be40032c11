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
    }
}
