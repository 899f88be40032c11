using BuildingBlocks.Auth;
using BuildingBlocks.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TestSupport;

namespace BuildingBlocks.Tests.Hosting;

/// <summary>
/// A process set up exactly as every service is (AddServiceDefaults / UseServiceDefaults), listening on loopback,
/// with a few endpoints that stand for a service's: a protected one, an open one, a search and an anonymous write.
/// </summary>
public sealed class ServiceDefaultsApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServiceDefaultsApp(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Address };
        return token is null ? client : client.As(token);
    }

    public static async Task<ServiceDefaultsApp> StartAsync(Dictionary<string, string?>? settings = null, string[]? urls = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls(urls ?? ["http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = TestTokens.SigningKey,
            ["RateLimit:Search:WindowSeconds"] = "3600",
            ["RateLimit:Submissions:WindowSeconds"] = "3600",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddServiceDefaults(builder.Configuration);

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapGet("/me", (CurrentUser user) => user.Id).RequireAuthorization();
        app.MapGet("/open", (CurrentUser user) => user.Id);
        app.MapGet("/search", () => "results").RequireRateLimiting(ClientRateLimits.Search);
        app.MapGet("/feedback", () => "the form").RequireRateLimiting(ClientRateLimits.Submissions);
        app.MapPost("/feedback", () => Results.Created()).RequireRateLimiting(ClientRateLimits.Submissions);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ServiceDefaultsApp(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
