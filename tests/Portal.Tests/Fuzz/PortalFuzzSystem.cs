using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Security.Tests.Support;

namespace Portal.Tests.Fuzz;

/// <summary>
/// The portal tests' embedded system, started once more for the fuzz alone (its hostile forms sign up, erase, suspend
/// and lock things the browser journeys rely on), driven by plain HTTP (no Chromium), with every exception the portal
/// and the APIs log captured so a 500 in the report says what went wrong inside, and every refusal a service sent the
/// portal, so the page can be checked to have told the person.
/// </summary>
public sealed class PortalFuzzSystem : PortalSystem
{
    public ServerErrors PortalErrors { get; } = new();
    public ServerErrors ApiErrors { get; } = new();
    public ServiceRefusals Refusals { get; } = new();

    protected override bool UsesBrowser => false;

    protected override void AddPortalServices(IServiceCollection services)
    {
        services.AddSingleton<ILoggerProvider>(PortalErrors);
        services.ConfigureAll<HttpClientFactoryOptions>(options =>
            options.HttpMessageHandlerBuilderActions.Add(builder => builder.AdditionalHandlers.Add(new ServiceRefusals.Recorder(Refusals))));
    }

    protected override void AddApiServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(ApiErrors);
}

/// <summary>Every 4xx/5xx a service answered one of the portal's typed clients, as "409 POST /api/referrals/.../accept".</summary>
public sealed class ServiceRefusals
{
    private readonly ConcurrentQueue<(int Status, string What)> _answers = new();

    public IReadOnlyList<(int Status, string What)> Drain()
    {
        var drained = new List<(int, string)>();
        while (_answers.TryDequeue(out var answer)) drained.Add(answer);
        return drained;
    }

    public sealed class Recorder(ServiceRefusals refusals) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode >= 400)
                refusals._answers.Enqueue(((int)response.StatusCode, $"{(int)response.StatusCode} {request.Method} {request.RequestUri?.AbsolutePath}"));
            return response;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PortalFuzzCollection : ICollectionFixture<PortalFuzzSystem>
{
    public const string Name = "portal-fuzz";
}
