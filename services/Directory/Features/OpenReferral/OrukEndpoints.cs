using BuildingBlocks.Hosting;

namespace DirectoryService.Features.OpenReferral;

/// <summary>
/// The public Open Referral UK 3.0 API: open (no key), CORS "*" on every response under it (errors, 404s of unknown
/// paths and 429s too), and throttled per client IP. It is mounted at OpenReferral:BasePath, the service root by default.
/// </summary>
public static class OrukEndpoints
{
    public const string CorsPolicy = "open-referral";
    public const string RateLimitPolicy = "open-referral";
    public const string ImportClient = "open-referral-import";

    public static IServiceCollection AddOpenReferral(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCors(options => options.AddPolicy(CorsPolicy, policy => policy.AllowAnyOrigin().WithMethods("GET").AllowAnyHeader()));
        // Per client IP, default 600 per 60 s (OpenReferral:RateLimit:PermitLimit, :WindowSeconds).
        services.AddClientRateLimit(RateLimitPolicy, configuration.GetSection("OpenReferral:RateLimit"), permitLimit: 600,
            TimeSpan.FromSeconds(60));
        services.AddTransient<IStartupFilter>(_ => new AllowAnyOriginUnder(BasePath(configuration)));
        services.AddHttpClient(ImportClient, client => client.Timeout = TimeSpan.FromSeconds(60));
        services.AddScoped<OrukImporter>();
        return services;
    }

    public static IEndpointRouteBuilder MapOpenReferral(this IEndpointRouteBuilder endpoints)
    {
        var basePath = BasePath(endpoints.ServiceProvider.GetRequiredService<IConfiguration>());
        var oruk = endpoints.MapGroup(basePath).WithTags("Open Referral UK")
            .RequireCors(CorsPolicy).RequireRateLimiting(RateLimitPolicy).AllowAnonymous();

        oruk.MapGet("/", ApiInfo.Endpoint);
        oruk.MapGet("/services", ListServices.Endpoint);
        oruk.MapGet("/services/{id}", GetService.Endpoint);
        oruk.MapGet("/service_at_locations", ListServiceAtLocations.Endpoint);
        oruk.MapGet("/service_at_locations/{id}", GetServiceAtLocation.Endpoint);
        oruk.MapGet("/organizations", ListOrganizations.Endpoint);
        oruk.MapGet("/organizations/{id}", GetOrganization.Endpoint);
        oruk.MapGet("/taxonomies", ListTaxonomies.Endpoint);
        oruk.MapGet("/taxonomies/{id}", GetTaxonomy.Endpoint);
        oruk.MapGet("/taxonomy_terms", ListTaxonomyTerms.Endpoint);
        oruk.MapGet("/taxonomy_terms/{id}", GetTaxonomyTerm.Endpoint);
        return endpoints;
    }

    private static string BasePath(IConfiguration configuration) => configuration.GetValue("OpenReferral:BasePath", "")!.TrimEnd('/');

    /// <summary>
    /// The profile wants Access-Control-Allow-Origin: * on every response, whoever asks (curl, server-side consumers)
    /// and whatever answers: the endpoints, the exception handler's problems (a query string with a control character
    /// is refused before any endpoint runs), the throttle's 429, the 404 of a path no endpoint has. So it is set when
    /// a response under the API starts, by middleware ahead of all the others. The CORS policy still answers
    /// preflights. Mounted at the root, the API is every path but the services' own (/api) and health checks.
    /// </summary>
    private sealed class AllowAnyOriginUnder(PathString basePath) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) =>
            {
                if (IsUnderApi(http.Request.Path)) http.Response.OnStarting(AllowAnyOrigin, http);
                return nextMiddleware(http);
            });
            next(app);
        };

        private bool IsUnderApi(PathString path) =>
            path.StartsWithSegments(basePath, out var rest) && !rest.StartsWithSegments("/api") && !rest.StartsWithSegments("/health");

        private static Task AllowAnyOrigin(object state)
        {
            ((HttpContext)state).Response.Headers.AccessControlAllowOrigin = "*";
            return Task.CompletedTask;
        }
    }
}
