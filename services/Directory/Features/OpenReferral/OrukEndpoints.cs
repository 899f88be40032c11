using BuildingBlocks.Hosting;

namespace DirectoryService.Features.OpenReferral;

/// <summary>
/// The public Open Referral UK 3.0 API: open (no key), CORS "*" on every response of these routes (errors and 429s
/// too), and throttled per client IP. It is mounted at OpenReferral:BasePath, the service root by default.
/// </summary>
public static class OrukEndpoints
{
    public const string CorsPolicy = "open-referral";
    public const string RateLimitPolicy = "open-referral";
    public const string ImportClient = "open-referral-import";

    public static IServiceCollection AddOpenReferral(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCors(options => options.AddPolicy(CorsPolicy, policy => policy.AllowAnyOrigin().WithMethods("GET").AllowAnyHeader()));
        // Per client IP, default 600 per 60 s (OpenReferral:RateLimit:PermitLimit, :WindowSeconds); the 429 allows any origin too.
        services.AddClientRateLimit(RateLimitPolicy, configuration.GetSection("OpenReferral:RateLimit"), permitLimit: 600,
            TimeSpan.FromSeconds(60), onRejected: AllowAnyOrigin);
        services.AddHttpClient(ImportClient, client => client.Timeout = TimeSpan.FromSeconds(60));
        services.AddScoped<OrukImporter>();
        return services;
    }

    public static IEndpointRouteBuilder MapOpenReferral(this IEndpointRouteBuilder endpoints)
    {
        var basePath = endpoints.ServiceProvider.GetRequiredService<IConfiguration>().GetValue("OpenReferral:BasePath", "")!.TrimEnd('/');
        var oruk = endpoints.MapGroup(basePath).WithTags("Open Referral UK")
            .RequireCors(CorsPolicy).RequireRateLimiting(RateLimitPolicy).AllowAnonymous()
            .AddEndpointFilter(async (context, next) =>
            {
                AllowAnyOrigin(context.HttpContext);
                return await next(context);
            });

        oruk.MapGet("/", ApiInfo.Endpoint);
        oruk.MapGet("/services", ListServices.Endpoint);
        oruk.MapGet("/services/{id}", GetService.Endpoint);
        oruk.MapGet("/service_at_locations", ListServiceAtLocations.Endpoint);
        oruk.MapGet("/service_at_locations/{id}", GetServiceAtLocation.Endpoint);
        oruk.MapGet("/taxonomies", ListTaxonomies.Endpoint);
        oruk.MapGet("/taxonomies/{id}", GetTaxonomy.Endpoint);
        oruk.MapGet("/taxonomy_terms", ListTaxonomyTerms.Endpoint);
        oruk.MapGet("/taxonomy_terms/{id}", GetTaxonomyTerm.Endpoint);
        return endpoints;
    }

    /// <summary>
    /// The CORS policy answers preflights and requests that carry an Origin; the profile wants the header on every
    /// response, whoever asks (curl, server-side consumers), so it is also set when the response starts, which
    /// covers the problem responses written by the exception handler.
    /// </summary>
    private static void AllowAnyOrigin(HttpContext http) => http.Response.OnStarting(() =>
    {
        http.Response.Headers.AccessControlAllowOrigin = "*";
        return Task.CompletedTask;
    });
}
