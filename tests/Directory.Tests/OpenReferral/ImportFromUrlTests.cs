using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DirectoryService.Domain;
using DirectoryService.Features.Imports;
using DirectoryService.Features.OpenReferral;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.OpenReferral;

/// <summary>
/// The real Buckinghamshire feed served page by page by a publisher's API (<see cref="StubPublisher"/>): organisations
/// looked up, only a feed read to its last page withdraws, withdrawal is reversible, and scheduled imports keep their runs.
/// Tests in a class run one at a time; each serves its feed at a path of its own, so each is a publisher of its own.
/// </summary>
public sealed class ImportFromUrlTests(ImportingFromStubApi api) : IClassFixture<ImportingFromStubApi>
{
    [Fact]
    public async Task A_url_feed_looks_up_organisations_at_organizations_id_and_files_the_rest_under_placeholders()
    {
        var services = Serve(RealFeeds.Services(RealFeeds.Buckinghamshire), perPage: 7);
        var unnamed = services.Where(s => s["organization"] is null).ToList();
        var lookedUp = unnamed[0];
        api.Publisher.Organisations[(string)lookedUp["organization_id"]!] = new JsonObject
        {
            ["id"] = lookedUp["organization_id"]!.DeepClone(),
            ["name"] = "Looked up at /organizations",
            ["description"] = "From the publisher's API",
        };

        var report = await Import();

        Assert.Equal(20, report.GetProperty("created").GetInt32());
        Assert.True(report.GetProperty("completeFeed").GetBoolean());
        Assert.Contains(api.Publisher.Requested, r => r.EndsWith($"/organizations/{lookedUp["organization_id"]}", StringComparison.Ordinal));
        var ids = Ids(report);
        await api.InDatabase(async db =>
        {
            var found = await db.Services.Include(s => s.Organisation).SingleAsync(s => s.Id == ids[(string)lookedUp["id"]!]);
            Assert.Equal("Looked up at /organizations", found.Organisation.Name);
            Assert.False(found.Organisation.IsPlaceholder);
            var placeholder = await db.Services.Include(s => s.Organisation).SingleAsync(s => s.Id == ids[(string)unnamed[1]["id"]!]);
            Assert.True(placeholder.Organisation.IsPlaceholder);
        });
    }

    [Fact]
    public async Task A_service_gone_from_the_whole_feed_is_withdrawn_reversibly_and_listing_it_again_restores_it()
    {
        var services = Serve(RealFeeds.Services(RealFeeds.Buckinghamshire), perPage: 6);
        var ids = Ids(await Import());
        var dropped = services[3];

        api.Publisher.Services = [.. services.Where(s => s != dropped)];
        var withdrawn = await Import();

        Assert.Equal(1, withdrawn.GetProperty("withdrawn").GetInt32());
        Assert.Equal(19, withdrawn.GetProperty("unchanged").GetInt32());
        var serviceId = ids[(string)dropped["id"]!];
        Assert.Equal(ServiceStatus.WithdrawnByPublisher, await StatusOf(serviceId));

        // A curator restores it...
        using var curator = api.Curator();
        var restored = await curator.PostAsync($"/api/directory/services/{serviceId}/restore", null);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal(ServiceStatus.PendingApproval, await StatusOf(serviceId));

        // ...and when the publisher drops it again and then lists it again, unchanged, the import restores it.
        await Import();
        Assert.Equal(ServiceStatus.WithdrawnByPublisher, await StatusOf(serviceId));
        api.Publisher.Services = services;
        var back = await Import();

        var record = back.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("externalId").GetString() == (string)dropped["id"]!);
        Assert.Equal("restored", record.GetProperty("outcome").GetString());
        Assert.Equal(1, back.GetProperty("restored").GetInt32());
        Assert.Equal(ServiceStatus.PendingApproval, await StatusOf(serviceId));
        await api.InDatabase(async db => Assert.Equal(20, await db.Services.CountAsync(s => ids.Values.Contains(s.Id) && s.Status == ServiceStatus.PendingApproval)));
    }

    [Fact]
    public async Task A_published_listing_withdrawn_by_its_publisher_leaves_the_public_api_and_comes_back_when_restored()
    {
        var services = Serve(RealFeeds.Services(RealFeeds.Buckinghamshire)[..2], perPage: 100);
        var serviceId = Ids(await Import())[(string)services[0]["id"]!];
        await api.InDatabase(async db =>
        {
            var service = await db.Services.SingleAsync(s => s.Id == serviceId);
            service.Approve(DateTimeOffset.UtcNow, "curator-1");
            await db.SaveChangesAsync();
        });
        using var anonymous = api.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/services/{serviceId}")).StatusCode);

        api.Publisher.Services = [services[1]];
        await Import();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/services/{serviceId}")).StatusCode);
        var suspended = await api.Published<Contracts.Directory.ServiceSuspended>();
        Assert.Contains(suspended, e => e.ServiceId == serviceId);

        using var curator = api.Curator();
        Assert.Equal(HttpStatusCode.OK, (await curator.PostAsync($"/api/directory/services/{serviceId}/restore", null)).StatusCode);
        Assert.Equal(ServiceStatus.Active, await StatusOf(serviceId));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/services/{serviceId}")).StatusCode);
        Assert.Contains(await api.Published<Contracts.Directory.ServiceReinstated>(), e => e.ServiceId == serviceId);
    }

    [Fact]
    public async Task An_empty_page_while_total_pages_says_more_is_reported_and_withdraws_nothing()
    {
        Serve(RealFeeds.Services(RealFeeds.Buckinghamshire), perPage: 5);
        var ids = Ids(await Import());

        api.Publisher.EmptyPage = 2;
        var broken = await Import();

        Assert.False(broken.GetProperty("completeFeed").GetBoolean());
        Assert.Equal(0, broken.GetProperty("withdrawn").GetInt32());
        Assert.Contains("Page 2 of 4 was empty", broken.GetProperty("problems")[0].GetString());
        await api.InDatabase(async db => Assert.Equal(20, await db.Services.CountAsync(s => ids.Values.Contains(s.Id) && s.Status == ServiceStatus.PendingApproval)));
    }

    [Fact]
    public async Task Restoring_a_listing_that_was_not_withdrawn_is_a_409()
    {
        var services = Serve(RealFeeds.Services(RealFeeds.Buckinghamshire)[..1], perPage: 100);
        var serviceId = Ids(await Import())[(string)services[0]["id"]!];
        using var curator = api.Curator();

        var response = await curator.PostAsync($"/api/directory/services/{serviceId}/restore", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task A_scheduled_feed_is_imported_when_due_and_each_run_keeps_its_report_and_errors()
    {
        Serve(RealFeeds.Services(RealFeeds.Buckinghamshire), perPage: 10);
        using var curator = api.Curator();
        var added = await curator.PostAsJsonAsync("/api/directory/import/feeds", new { url = FeedUrl, intervalMinutes = 60 });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var feedId = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var gone = await curator.PostAsJsonAsync("/api/directory/import/feeds",
            new { url = $"http://gone.test/{Guid.NewGuid():N}/services", intervalMinutes = 15 });
        var goneId = (await gone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        Assert.Equal(2, await Sweep(DateTimeOffset.UtcNow.AddSeconds(1)));
        // Not due again until its interval has passed.
        Assert.Equal(0, await Sweep(DateTimeOffset.UtcNow.AddMinutes(10)));
        Assert.Equal(2, await Sweep(DateTimeOffset.UtcNow.AddMinutes(61)));

        var feeds = await curator.GetFromJsonAsync<JsonElement>("/api/directory/import/feeds");
        var feed = feeds.EnumerateArray().Single(f => f.GetProperty("id").GetGuid() == feedId);
        Assert.Equal(ImportRun.Succeeded, feed.GetProperty("lastOutcome").GetString());
        var failed = feeds.EnumerateArray().Single(f => f.GetProperty("id").GetGuid() == goneId);
        Assert.Equal(ImportRun.Failed, failed.GetProperty("lastOutcome").GetString());
        Assert.Contains("The feed answered 404", failed.GetProperty("lastError").GetString());

        var runs = await curator.GetFromJsonAsync<JsonElement>($"/api/directory/import/runs?feedId={feedId}");
        Assert.Equal(2, runs.GetArrayLength());
        Assert.Equal(20, runs[1].GetProperty("created").GetInt32());
        Assert.Equal(20, runs[0].GetProperty("unchanged").GetInt32());
        var report = await curator.GetFromJsonAsync<JsonElement>($"/api/directory/import/runs/{runs[1].GetProperty("id").GetGuid()}");
        Assert.Equal(20, report.GetProperty("report").GetProperty("records").GetArrayLength());
        var failedRuns = await curator.GetFromJsonAsync<JsonElement>($"/api/directory/import/runs?feedId={goneId}");
        Assert.Equal(ImportRun.Failed, failedRuns[0].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_feed_interval_outside_15_minutes_to_31_days_is_a_400()
    {
        using var curator = api.Curator();

        var response = await curator.PostAsJsonAsync("/api/directory/import/feeds", new { url = "http://publisher.test/x/services", intervalMinutes = 1 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// <summary>Each test serves its feed at a path of its own, so its publisher (the feed's address) is its own.</summary>
    private string FeedUrl { get; } = $"{StubPublisher.BaseUrl}/{Guid.NewGuid():N}/services";

    private List<JsonObject> Serve(List<JsonObject> services, int perPage)
    {
        api.Publisher.Services = services;
        api.Publisher.PerPage = perPage;
        api.Publisher.EmptyPage = null;
        api.Publisher.BasePath = new Uri(FeedUrl).AbsolutePath[..^"/services".Length];
        return services;
    }

    private async Task<int> Sweep(DateTimeOffset at)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ScheduledImports>().RunAsync(at, CancellationToken.None);
    }

    private async Task<ServiceStatus> StatusOf(Guid id)
    {
        var status = ServiceStatus.Removed;
        await api.InDatabase(async db => status = (await db.Services.SingleAsync(s => s.Id == id)).Status);
        return status;
    }

    private static Dictionary<string, Guid> Ids(JsonElement report) =>
        report.GetProperty("records").EnumerateArray().Where(r => r.GetProperty("serviceId").ValueKind == JsonValueKind.String)
            .ToDictionary(r => r.GetProperty("externalId").GetString()!, r => r.GetProperty("serviceId").GetGuid());

    private async Task<JsonElement> Import()
    {
        using var http = api.Curator();
        var response = await http.PostAsJsonAsync("/api/directory/import", new { url = FeedUrl });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
