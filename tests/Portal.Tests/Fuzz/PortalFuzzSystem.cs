using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Security.Tests.Support;

namespace Portal.Tests.Fuzz;

/// <summary>
/// The portal tests' embedded system, started once more for the fuzz alone (its hostile forms sign up, erase, suspend
/// and lock things the browser journeys rely on), driven by plain HTTP (no Chromium), with every exception the portal
/// and the APIs log captured so a 500 in the report says what went wrong inside.
/// </summary>
public sealed class PortalFuzzSystem : PortalSystem
{
    public ServerErrors PortalErrors { get; } = new();
    public ServerErrors ApiErrors { get; } = new();

    protected override bool UsesBrowser => false;
    protected override void AddPortalServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(PortalErrors);
    protected override void AddApiServices(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(ApiErrors);
}

[CollectionDefinition(Name)]
public sealed class PortalFuzzCollection : ICollectionFixture<PortalFuzzSystem>
{
    public const string Name = "portal-fuzz";
}
