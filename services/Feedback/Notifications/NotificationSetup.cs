using FeedbackService.Domain;
using Microsoft.Extensions.Options;

namespace FeedbackService.Notifications;

public static class NotificationSetup
{
    /// <summary>The notifier, the channel adapters (order decides which adapter takes a channel) and the delivery worker.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FeedbackOptions>(configuration.GetSection(FeedbackOptions.Section));
        services.AddScoped<Notifier>();
        if (configuration.GetValue($"{FeedbackOptions.Section}:Notify:Enabled", false))
            services.AddScoped<INotificationChannel, GovukNotifyChannel>();
        foreach (var channel in (configuration.GetSection(FeedbackOptions.Section).Get<FeedbackOptions>() ?? new()).DroppedChannels())
            services.AddScoped<INotificationChannel>(_ => new DropChannel(channel));
        services.AddScoped<INotificationChannel, SmtpEmailChannel>();
        services.AddScoped<INotificationChannel, WebhookChannel>();
        services.AddScoped<INotificationChannel, InAppChannel>();
        services.AddHttpClient(WebhookChannel.HttpClientName, (sp, client) =>
                client.Timeout = sp.GetRequiredService<IOptions<FeedbackOptions>>().Value.Delivery.WebhookTimeout)
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookHttpHandler.Create(sp.GetRequiredService<IOptions<FeedbackOptions>>().Value.Webhooks));
        services.AddHostedService<DeliveryWorker>();
        services.AddSingleton(sp => new InboxWatch(sp.GetRequiredService<IOptions<FeedbackOptions>>().Value.InboxStream.MaxConcurrentLooks));
        services.AddHostedService<InboxNotifications>();
        return services;
    }
}
