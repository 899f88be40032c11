using DirectoryService;
using Microsoft.AspNetCore.Hosting;
using TestSupport;

namespace Directory.Tests.OpenReferral;

/// <summary>The Directory service on its own PostgreSQL database, loaded with the demo directory (159 activities).</summary>
public class DemoDirectoryApi : ServiceApi<DirectoryModule>
{
    protected override void ConfigureSettings(IWebHostBuilder builder) => builder.UseSetting("Demo:Seed", "true");
}
