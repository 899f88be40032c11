using BuildingBlocks.Auth;
using BuildingBlocks.Hosting;

namespace FeedbackService.Insights;

/// <summary>Insight's routes: read-only, for curators and commissioners (the "commissioner" policy admits both).</summary>
public static class InsightEndpoints
{
    public static IEndpointRouteBuilder MapInsightEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var insights = endpoints.MapGroup("/api/feedback/insights").WithTags("Insights").RequireAuthorization(Roles.Commissioner);
        insights.MapGet("", GetInsight.Overview);
        insights.MapGet("/{table}", GetInsight.Table);
        endpoints.MapPost("/api/feedback/insights/ward-indicators", UploadWardIndicators.Endpoint).WithTags("Insights").RequireAuthorization(Roles.Curator);
        return endpoints;
    }

    public static IServiceCollection AddInsights(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<InsightMetrics>();
        // At start, then every ten minutes until it has completed once (Insights:Backfill:Enabled=false: never).
        services.AddSweep(_ => new SweepSchedule<InsightBackfill>(TimeSpan.FromMinutes(10), configuration.GetValue("Insights:Backfill:Enabled", true)));
        // Past months rolled up at start (the migration marked them all), then every minute those changed since.
        services.AddSweep(_ => new SweepSchedule<InsightRollup>(configuration.GetValue("Insights:Rollup:Interval", TimeSpan.FromMinutes(1)),
            configuration.GetValue("Insights:Rollup:Enabled", true)));
        if (configuration.GetValue("Demo:Seed", false)) services.AddHostedService<InsightDemo>();
        return services;
    }
}
