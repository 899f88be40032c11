using System.Text.Json;
using BuildingBlocks.Hosting;
using DirectoryService.Data;

namespace DirectoryService.Features.OpenReferral;

/// <summary>
/// <c>DirectoryService --import &lt;url-or-file&gt; [--publisher name]</c>: migrates, imports the feed, prints the
/// report as JSON and exits (non-zero if any record was rejected), without starting the web server.
/// </summary>
public static class ImportCommandLine
{
    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static bool Requested(string[] args) => args.Contains("--import");

    public static async Task<int> RunAsync(string[] args)
    {
        var source = Argument(args, "--import") ?? throw new ArgumentException("usage: --import <url-or-file> [--publisher name]");
        var publisher = Argument(args, "--publisher");
        var module = new DirectoryModule();
        await using var app = ServiceHost.Build(args, [module]);
        await module.MigrateAsync(app.Services, CancellationToken.None);
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;

        OrukFeed feed;
        if (File.Exists(source))
        {
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(source));
            feed = OrukFeed.FromJson(document.RootElement, publisher ?? OrukFeed.PublisherOfFile(source));
        }
        else feed = await ImportFeed.ReadAsync(source, null, publisher, services.GetRequiredService<IHttpClientFactory>(), CancellationToken.None);

        var report = await services.GetRequiredService<ImportRecorder>().ImportAsync(null, source, feed, CancellationToken.None);
        Console.WriteLine(JsonSerializer.Serialize(report, ReportJson));
        Console.WriteLine($"Imported from {feed.Publisher}: {report.Created} created, {report.Updated} updated, {report.Unchanged} unchanged, " +
            $"{report.Rejected} rejected, {report.Withdrawn} withdrawn, {report.Restored} restored.");
        foreach (var problem in report.Problems) Console.WriteLine(problem);
        return report.Rejected == 0 ? 0 : 2;
    }

    private static string? Argument(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
