using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BuildingBlocks.Hosting;

public sealed class TelemetrySettings
{
    public const string Section = "Telemetry";
    /// <summary>A port of its own for /metrics (<see cref="ServiceTelemetry.MapServiceMetrics"/>); the app's port when unset.</summary>
    public int? MetricsPort { get; set; }
    /// <summary>Where traces and metrics are pushed over OTLP (a collector: http://otel-collector:4317). Off when unset.</summary>
    public string? OtlpEndpoint { get; set; }
    /// <summary>
    /// Records traces with no OTLP endpoint too (a test adds its own exporter). Without either, no span is recorded
    /// at all: no listener, so ASP.NET Core, HttpClient, Npgsql and MassTransit skip the work.
    /// </summary>
    public bool Tracing { get; set; }
    /// <summary>Writes every finished span to standard output: a look at traces with no collector (and how the end-to-end tests read them).</summary>
    public bool ConsoleExporter { get; set; }

    public bool TracesRecorded => Tracing || ConsoleExporter || !string.IsNullOrWhiteSpace(OtlpEndpoint);
}

/// <summary>
/// The one telemetry setup of every process (the services and the portal): traces of ASP.NET Core, HttpClient,
/// PostgreSQL (Npgsql, so every EF Core query) and MassTransit, carried over HTTP and RabbitMQ as W3C traceparent;
/// metrics on <c>/metrics</c> for Prometheus (ASP.NET Core's request meters, HttpClient, MassTransit's consume
/// meters and <see cref="Meter"/>). No span or metric carries personal data: ids only.
/// </summary>
public static class ServiceTelemetry
{
    /// <summary>The meter and activity source of this system's own signals (outbox, inbox, notifications, referrals).</summary>
    public const string Name = "CommunityDirectory";
    public const string MetricsPath = "/metrics";
    /// <summary>The span attribute that lets an operator find every span of one referral (docs/OPERATIONS.md).</summary>
    public const string ReferralIdTag = "referral.id";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static IServiceCollection AddServiceTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        var settings = configuration.GetSection(TelemetrySettings.Section).Get<TelemetrySettings>() ?? new TelemetrySettings();
        var otlp = string.IsNullOrWhiteSpace(settings.OtlpEndpoint) ? null : new Uri(settings.OtlpEndpoint);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                    .AddMeter("MassTransit", Name)
                    .AddPrometheusExporter();
                if (otlp is not null) metrics.AddOtlpExporter(options => options.Endpoint = otlp);
            });
        if (settings.TracesRecorded)
            telemetry.WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(options => options.Filter = http => !IsOperational(http.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql()
                    .AddSource("MassTransit", Name);
                if (otlp is not null) tracing.AddOtlpExporter(options => options.Endpoint = otlp);
                if (settings.ConsoleExporter) tracing.AddConsoleExporter();
            });
        return services;
    }

    /// <summary>
    /// <c>/metrics</c> without sign-in: it holds counts and durations per route template, channel, status and
    /// consumer, nothing personal and no ids. With <c>Telemetry:MetricsPort</c> set (as in deploy/k8s) it answers on
    /// that port only, and that port answers nothing else: the ingress, which routes to the app's port, never reaches
    /// it, and the network policy opens the metrics port to Prometheus alone (docs/OPERATIONS.md).
    /// </summary>
    public static WebApplication MapServiceMetrics(this WebApplication app)
    {
        if (app.Configuration.GetValue<int?>("Telemetry:MetricsPort") is { } metricsPort)
            app.Use((http, next) =>
            {
                if ((http.Connection.LocalPort == metricsPort) == http.Request.Path.StartsWithSegments(MetricsPath)) return next(http);
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
        app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous();
        return app;
    }

    /// <summary>Probes and scrapes are not traced: they would bury the requests people made.</summary>
    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments(MetricsPath);

    /// <summary>
    /// An endpoint filter for routes under a referral (<c>/{id}</c>): tags the request's span with its id and puts it
    /// on every log line of the request (<see cref="ReferralLogScope"/>).
    /// </summary>
    public static async ValueTask<object?> TagReferralRoute(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!Guid.TryParse(context.HttpContext.GetRouteValue("id") as string, out var id)) return await next(context);
        Activity.Current?.SetTag(ReferralIdTag, id.ToString());
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILogger<ReferralLogScope>>();
        using (ReferralLogScope.Begin(logger, id)) return await next(context);
    }

    /// <summary>Tags the current span with the referral a message or request is about, if it names one (its id only).</summary>
    public static void TagReferral(this Activity? activity, object? message)
    {
        if (activity is not null && ReferralIdOf(message) is { } id) activity.SetTag(ReferralIdTag, id.ToString());
    }

    /// <summary>The referral a message is about: its <c>ReferralId</c>, if its type has one.</summary>
    public static Guid? ReferralIdOf(object? message) =>
        message is not null && ReferralIds.GetOrAdd(message.GetType(), FindReferralId) is { } property && property.GetValue(message) is Guid id
            ? id : null;

    private static readonly ConcurrentDictionary<Type, PropertyInfo?> ReferralIds = new();

    private static PropertyInfo? FindReferralId(Type type) =>
        type.GetProperty("ReferralId", BindingFlags.Public | BindingFlags.Instance) is { } property && property.PropertyType == typeof(Guid)
            ? property : null;
}
