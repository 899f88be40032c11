using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BuildingBlocks.Hosting;

/// <summary>
/// Per-client-IP fixed windows for what anyone may call without signing in: each policy its own allowance per
/// address, set by <c>RateLimit:&lt;Policy&gt;:PermitLimit</c> and <c>:WindowSeconds</c>. The client IP is the one
/// the trusted proxies forwarded (<see cref="TrustedProxies"/>). Over the limit: 429 with Retry-After (the status-code
/// pages make it problem+json in the services, the error page in the portal).
/// </summary>
public static class ClientRateLimits
{
    /// <summary>Searching the directory (API and portal page): generous, a person paging results never meets it.</summary>
    public const string Search = "search";

    /// <summary>Anonymous writes (resident feedback): only unsafe methods count, reading the form is free.</summary>
    public const string Submissions = "submissions";

    public static IServiceCollection AddClientRateLimits(this IServiceCollection services, IConfiguration configuration) => services
        .AddRateLimiter(options => options.RejectionStatusCode = StatusCodes.Status429TooManyRequests)
        .AddClientRateLimit(Search, configuration.GetSection("RateLimit:Search"), permitLimit: 300, TimeSpan.FromSeconds(60))
        .AddClientRateLimit(Submissions, configuration.GetSection("RateLimit:Submissions"), permitLimit: 10, TimeSpan.FromSeconds(60),
            countsOnlyWrites: true);

    /// <param name="onRejected">anything a policy adds to its 429 (the ORUK API's CORS header).</param>
    public static IServiceCollection AddClientRateLimit(this IServiceCollection services, string policy, IConfigurationSection settings,
        int permitLimit, TimeSpan window, bool countsOnlyWrites = false, Action<HttpContext>? onRejected = null)
    {
        var limit = new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.GetValue("PermitLimit", permitLimit),
            Window = TimeSpan.FromSeconds(settings.GetValue("WindowSeconds", window.TotalSeconds)),
            QueueLimit = 0,
        };
        services.AddRateLimiter(options => options.AddPolicy(policy, new PerClientPolicy(limit, countsOnlyWrites, onRejected)));
        return services;
    }

    private sealed class PerClientPolicy(FixedWindowRateLimiterOptions limit, bool countsOnlyWrites, Action<HttpContext>? onRejected)
        : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => (context, _) =>
        {
            if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
            onRejected?.Invoke(context.HttpContext);
            return ValueTask.CompletedTask;
        };

        public RateLimitPartition<string> GetPartition(HttpContext http)
        {
            var method = http.Request.Method;
            if (countsOnlyWrites && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)))
                return RateLimitPartition.GetNoLimiter("reads");
            return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => limit);
        }
    }
}
