using BuildingBlocks.Hosting;
using DirectoryService;
using FeedbackService;
using ReferralsService;

// Each service keeps its own SQLite file and talks to the others only over the (in-memory) bus.
return await ServiceHost.RunAsync(args, [new DirectoryModule(), new ReferralsModule(), new FeedbackModule()]);
