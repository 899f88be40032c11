using BuildingBlocks.Hosting;
using ReferralsService;

return await ServiceHost.RunAsync(args, [new ReferralsModule()]);
