using BuildingBlocks.Fhir;
using System.Text.Json;
using System.Text.Json.Serialization;
using BuildingBlocks.Auth;
using BuildingBlocks.Validation;
using BuildingBlocks.Web;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BuildingBlocks.Hosting;

/// <summary>What every service process sets up the same way, whichever services it hosts.</summary>
public static class ServiceDefaults
{
    /// <param name="serviceName">What traces and metrics name the process ("Referrals"; "Directory+Referrals+Feedback" embedded).</param>
    public static IServiceCollection AddServiceDefaults(this IServiceCollection services, IConfiguration configuration,
        string serviceName = "service")
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddServiceTelemetry(configuration, serviceName);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.Remove("exception"));
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        // Under /fhir the same problems are written as FHIR OperationOutcomes (Fhir/FhirProblemDetailsWriter).
        services.AddFhirProblemDetails();
        // A body or parameter that cannot be bound reaches the one exception handler (a 400 naming the field), in
        // every environment, instead of an empty 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            options.SerializerOptions.Converters.Add(new PlainTextJsonConverter());
        });
        services.AddServiceAuth(configuration);
        services.AddHealthChecks();
        services.AddTrustedProxies(configuration);
        // CORS and rate limiting act only on endpoints that name a policy (a module may add its own policies).
        services.AddCors();
        services.AddClientRateLimits(configuration);
        ValidationMessages.UseIsoDates();
        // Registered once even when several services share a process, so validation runs once per request.
        services.TryAddEnumerable(ServiceDescriptor.Scoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>)));
        return services;
    }

    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.Use(ApiResponseHeaders);
        app.UseExceptionHandler();
        app.Use(PlainTextUrls);
        app.UseStatusCodePages();
        app.UseCors();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapServiceMetrics();
        return app;
    }

    /// <summary>
    /// A path or query string with control characters (NUL above all) is refused before any endpoint binds it: no text
    /// a person types has them, and a NUL that reached PostgreSQL failed the statement and could leave a pooled
    /// connection's prepared statements out of step (npgsql/npgsql#6391). JSON bodies have the same rule
    /// (<see cref="PlainTextJsonConverter"/>).
    /// </summary>
    private static Task PlainTextUrls(HttpContext http, RequestDelegate next)
    {
        if (!PlainText.IsPlain(http.Request.Path.Value))
            throw new BadHttpRequestException("The path must not contain control characters.");
        foreach (var (name, values) in http.Request.Query)
            if (!PlainText.IsPlain(name) || values.Any(v => !PlainText.IsPlain(v)))
                throw new BadHttpRequestException($"The query parameter '{(PlainText.IsPlain(name) ? name : "?")}' must not contain control characters.");
        return next(http);
    }

    /// <summary>
    /// Every answer is what its Content-Type says (nosniff), and one to a caller with a token, where the personal data
    /// is, is never kept by a cache on the way or in the browser (no-store) unless the endpoint chose a policy itself.
    /// Set when the response starts, so the exception handler's problem responses carry them too.
    /// </summary>
    private static Task ApiResponseHeaders(HttpContext http, RequestDelegate next)
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            if (http.Request.Headers.Authorization.Count > 0 && headers.CacheControl.Count == 0) headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(http);
    }
}
