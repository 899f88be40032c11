using BuildingBlocks.Validation;
using BuildingBlocks.Hosting;
using BuildingBlocks.Persistence;
using BuildingBlocks.Messaging;
using MassTransit;
using FeedbackService.Consumers;
using FeedbackService.Data;
using FeedbackService.Insights;
using FeedbackService.Notifications;

namespace FeedbackService;

public sealed class FeedbackModule : IServiceModule
{
    public const string ServiceName = "Feedback";
    public string Name => ServiceName;

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddServiceDatabase<FeedbackDb, SqliteFeedbackDb, PostgresFeedbackDb>(configuration, Name);
        services.AddMediator();
        services.AddValidatorsOf<FeedbackModule>();
        services.AddNotifications(configuration);
        services.AddInsights(configuration);
        // Insight's own copy of every status change: applied by the status consumer since (Consumers/ReferralConsumers.cs);
        // and of Feedback's own attendance and outcomes: applied where they are recorded since (Insights/InsightOwnFacts.cs).
        services.AddRetiredQueues(configuration, "feedback-insight-referral-status-changed", "feedback-insight-attendance-recorded",
            "feedback-insight-outcome-recorded");
    }

    public void AddConsumers(IBusRegistrationConfigurator bus) =>
        bus.AddServiceConsumers(Name, typeof(ServiceListedConsumer).Assembly);

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapFeedbackEndpoints();
        endpoints.MapInsightEndpoints();
    }

    public async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await ServiceDatabase.MigrateAsync<FeedbackDb>(services, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        await InboxNotifications.InstallAsync(scope.ServiceProvider.GetRequiredService<FeedbackDb>(), cancellationToken);
    }

    public Task SeedDemoDataAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;
}
