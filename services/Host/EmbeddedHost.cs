using BuildingBlocks.Auth;
using BuildingBlocks.Hosting;
using DirectoryService;
using FeedbackService;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Portal;
using ReferralsService;

namespace EmbeddedHost;

/// <summary>
/// The embedded default in one process: the three services' APIs on one web application (Embedded:ApiUrl,
/// default http://localhost:5080) and the portal on another (Embedded:PortalUrl, default http://localhost:5000),
/// the portal calling the APIs over HTTP like any other client. Tests start it with port 0 and read the URLs back.
/// It is the demo: the published demo key and demo accounts are allowed here in any environment (DemoSecrets).
/// </summary>
public sealed class EmbeddedSystem : IAsyncDisposable
{
    private EmbeddedSystem(WebApplication api, WebApplication portal, string apiUrl, string portalUrl)
    {
        Api = api;
        Portal = portal;
        ApiUrl = apiUrl;
        PortalUrl = portalUrl;
    }

    public WebApplication Api { get; }
    public WebApplication Portal { get; }
    public string ApiUrl { get; }
    public string PortalUrl { get; }

    public static IServiceModule[] Modules() => [new DirectoryModule(), new ReferralsModule(), new FeedbackModule()];

    /// <param name="portalServices">Replaces portal services after its own registrations (tests capture account mail).</param>
    /// <param name="apiServices">Adds to or replaces the services' registrations after their own (tests capture logged errors, move the clock on).</param>
    public static async Task<EmbeddedSystem> StartAsync(string[] args, Action<IServiceCollection>? portalServices = null,
        Action<IServiceCollection>? apiServices = null, CancellationToken cancellationToken = default)
    {
        var api = ServiceHost.Build(args, Modules(), builder =>
        {
            DemoSecrets.AllowInEmbeddedDemo(builder);
            builder.WebHost.UseUrls(builder.Configuration["Embedded:ApiUrl"] ?? "http://localhost:5080");
            apiServices?.Invoke(builder.Services);
        });
        await api.StartAsync(cancellationToken);
        var apiUrl = Addresses(api)[0];

        WebApplication? portal = null;
        try
        {
            portal = PortalApp.Build(args, builder =>
            {
                DemoSecrets.AllowInEmbeddedDemo(builder);
                builder.WebHost.UseUrls(builder.Configuration["Embedded:PortalUrl"] ?? "http://localhost:5000");
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Services:Directory:BaseUrl"] = apiUrl,
                    ["Services:Referrals:BaseUrl"] = apiUrl,
                    ["Services:Feedback:BaseUrl"] = apiUrl,
                });
            }, portalServices);
            await portal.StartAsync(cancellationToken);
        }
        catch
        {
            await api.StopAsync(CancellationToken.None);
            await api.DisposeAsync();
            if (portal is not null) await portal.DisposeAsync();
            throw;
        }
        return new EmbeddedSystem(api, portal, apiUrl, Addresses(portal)[0]);
    }

    /// <summary>Runs until either application is asked to stop (Ctrl+C stops both).</summary>
    public async Task WaitForShutdownAsync()
    {
        await Task.WhenAny(Api.WaitForShutdownAsync(), Portal.WaitForShutdownAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await Portal.StopAsync(CancellationToken.None);
        await Api.StopAsync(CancellationToken.None);
        await Portal.DisposeAsync();
        await Api.DisposeAsync();
    }

    private static List<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
}
