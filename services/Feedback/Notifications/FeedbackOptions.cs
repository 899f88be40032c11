using FeedbackService.Domain;
namespace FeedbackService.Notifications;

/// <summary>The "Feedback" configuration section.</summary>
public sealed class FeedbackOptions
{
    public const string Section = "Feedback";

    /// <summary>This many no-shows in a row prompts the provider to consider marking the referral failed.</summary>
    public int NoShowPromptAfter { get; set; } = 2;
    /// <summary>Weeks from acceptance to the follow-up outcome measures.</summary>
    public int FollowUpWeeks { get; set; } = 10;
    public int OutcomeLinkDays { get; set; } = 28;
    /// <summary>How long before the first session the person is reminded.</summary>
    public int ReminderHoursBefore { get; set; } = 24;
    /// <summary>
    /// How long before the first session a reminder by letter is posted: second-class post takes two to three working
    /// days after Notify prints it (the next working day), so a letter sent the day before would arrive after the session.
    /// </summary>
    public int LetterReminderDaysBefore { get; set; } = 5;
    /// <summary>Hour (UTC) at which daily digests go out.</summary>
    public int DigestHourUtc { get; set; } = 8;
    /// <summary>Base address of the portal, for links in messages.</summary>
    public string PortalUrl { get; set; } = "http://localhost:5000";
    /// <summary>
    /// The Referrals service's /fhir base, where the Tasks that FHIR Subscriptions' id-only notifications name are read;
    /// unset, the base the subscription was created at (one /fhir in the embedded host).
    /// </summary>
    public string? ReferralsFhirBaseUrl { get; set; }

    public DeliveryOptions Delivery { get; set; } = new();
    public SmtpOptions Smtp { get; set; } = new();
    public NotifyOptions Notify { get; set; } = new();
    public WebhookOptions Webhooks { get; set; } = new();
    public MailDropOptions MailDrop { get; set; } = new();
    /// <summary>Keeps letters instead of posting them (<see cref="DropChannel"/>): the embedded default; never in production.</summary>
    public MailDropOptions LetterDrop { get; set; } = new();
    /// <summary>Keeps text messages instead of sending them (the embedded default's SMS test channel); never in production.</summary>
    public MailDropOptions TextDrop { get; set; } = new();
    public InboxStreamOptions InboxStream { get; set; } = new();

    /// <summary>The channels whose messages are kept by a drop (<see cref="DropChannel"/>) instead of sent.</summary>
    public IReadOnlyList<string> DroppedChannels() =>
        [.. new[] { (MailDrop, Channels.Email), (LetterDrop, Channels.Letter), (TextDrop, Channels.Sms) }
            .Where(drop => drop.Item1.Enabled).Select(drop => drop.Item2)];
}

/// <summary>How an open inbox stream (server-sent events) behaves.</summary>
public sealed class InboxStreamOptions
{
    /// <summary>A stream ends after this; the client reconnects with Last-Event-ID and misses nothing.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>
    /// A comment line when nothing was sent for this long, so proxies keep the connection; the stream also looks again
    /// then, for a message scheduled for now (a follow-up prompt) that no commit announced.
    /// </summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);

    public const int DefaultMaxConcurrentLooks = 8;
    /// <summary>
    /// How many open streams may read the database at once (the rest wait their turn): well under the connection pool,
    /// so thousands of open streams leave connections for the consumers, the delivery worker and the API.
    /// </summary>
    public int MaxConcurrentLooks { get; set; } = DefaultMaxConcurrentLooks;
}

/// <summary>Keeps email (or, as LetterDrop and TextDrop, letters and texts) instead of sending it, readable through the mail drop (the embedded default; never in production).</summary>
public sealed class MailDropOptions
{
    public bool Enabled { get; set; }
}

public sealed class DeliveryOptions
{
    public bool Enabled { get; set; } = true;
    /// <summary>
    /// A commit of notifications wakes the worker at once; the poll finds retries, scheduled messages and digests as
    /// they come due, so it is also how late a retry may be.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
    public int BatchSize { get; set; } = 50;
    /// <summary>Sends in flight at once: they wait on mail servers and webhook receivers, not on this machine's cores.</summary>
    public int Concurrency { get; set; } = 8;
    public int MaxAttempts { get; set; } = 6;
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(10);
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Email over SMTP (MailKit). Off until a host is configured.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public bool UseStartTls { get; set; }
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "Community Directory <no-reply@community-directory.local>";
}

/// <summary>GOV.UK Notify (email, SMS and letters). Off by default: it needs the internet and an API key.</summary>
public sealed class NotifyOptions
{
    public bool Enabled { get; set; }
    public string? ApiKey { get; set; }
    /// <summary>A Notify template with ((subject)) and ((body)) placeholders.</summary>
    public string? EmailTemplateId { get; set; }
    /// <summary>A Notify template with a ((body)) placeholder.</summary>
    public string? SmsTemplateId { get; set; }
    /// <summary>A Notify letter template with ((subject)) as its heading and ((body)) as its text (the address is Notify's own block).</summary>
    public string? LetterTemplateId { get; set; }
}

/// <summary>
/// Where webhooks may go. By default only https to public internet addresses; development and the tests, whose
/// receivers listen on loopback over http, switch both on.
/// </summary>
public sealed class WebhookOptions
{
    public bool AllowInsecureHttp { get; set; }
    /// <summary>Allows loopback, private, link-local and other non-public addresses (never in production).</summary>
    public bool AllowPrivateNetworks { get; set; }
}
