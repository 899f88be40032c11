using BuildingBlocks.Hosting;
using DirectoryService.Features.OpenReferral;

namespace DirectoryService.Features.Imports;

public static class ImportRegistration
{
    /// <summary>
    /// The importer, the run recorder and the scheduled imports (Directory:ScheduledImports:Enabled, default on;
    /// :PollSeconds, default 60: how often due feeds are looked for, not how often each is imported).
    /// </summary>
    public static IServiceCollection AddOrukImport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ImportRecorder>();
        var section = configuration.GetSection("Directory:ScheduledImports");
        services.AddSweep(_ => new SweepSchedule<ScheduledImports>(TimeSpan.FromSeconds(Math.Max(5, section.GetValue("PollSeconds", 60))),
            section.GetValue("Enabled", true)));
        return services;
    }
}
