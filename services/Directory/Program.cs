using BuildingBlocks.Hosting;
using DirectoryService;

return await ServiceHost.RunAsync(args, [new DirectoryModule()]);
