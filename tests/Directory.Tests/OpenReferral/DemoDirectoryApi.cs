using DirectoryService;
using Microsoft.AspNetCore.Hosting;
using TestSupport;

namespace Directory.Tests.OpenReferral;

/// <summary>
/// The Directory service on its own PostgreSQL database, loaded with the demo directory (159 activities). The feed's
/// throttle is raised, as these tests read every object one by one; throttling has its own test (OrukRateLimitTests).
/// </summary>
public class DemoDirectoryApi : ServiceApi<DirectoryModule>
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Demo:Seed", "true");
        builder.UseSetting("OpenReferral:RateLimit:PermitLimit", "100000");
    }
}
