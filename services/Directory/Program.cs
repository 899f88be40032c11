using BuildingBlocks.Hosting;
using DirectoryService;

if (DirectoryService.Features.OpenReferral.ImportCommandLine.Requested(args))
    return await DirectoryService.Features.OpenReferral.ImportCommandLine.RunAsync(args);
return await ServiceHost.RunAsync(args, [new DirectoryModule()]);
