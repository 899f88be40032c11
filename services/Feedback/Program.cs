using BuildingBlocks.Hosting;
using FeedbackService;

return await ServiceHost.RunAsync(args, [new FeedbackModule()]);
