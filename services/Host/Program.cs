using BuildingBlocks.Auth;
using BuildingBlocks.Hosting;
using EmbeddedHost;

// Each service keeps its own SQLite file and talks to the others only over the (in-memory) bus; the portal
// calls their APIs over HTTP. --migrate only migrates the services' databases and exits.
if (args.Contains("--migrate")) return await ServiceHost.RunAsync(args, EmbeddedSystem.Modules(), DemoSecrets.AllowInEmbeddedDemo);

await using var system = await EmbeddedSystem.StartAsync(args);
Console.WriteLine($"Portal:  {system.PortalUrl}  (demo users: see README, \"Demo users\")");
Console.WriteLine($"APIs:    {system.ApiUrl}  (Directory, Referrals, Feedback; health: {system.ApiUrl}/health/ready)");
await system.WaitForShutdownAsync();
return 0;
