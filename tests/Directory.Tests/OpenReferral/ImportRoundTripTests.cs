using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildingBlocks.Auth;
using DirectoryService;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Features.OpenReferral;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;

namespace Directory.Tests.OpenReferral;

/// <summary>A: the demo directory, publishing its ORUK feed (throttle raised: an import reads every service).</summary>
public sealed class PublishingDirectoryApi : DemoDirectoryApi
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        base.ConfigureSettings(builder);
        builder.UseSetting("OpenReferral:RateLimit:PermitLimit", "100000");
    }
}

/// <summary>B: an empty directory whose import HTTP client reaches A's in-memory test server.</summary>
public sealed class ImportingDirectoryApi : ServiceApi<DirectoryModule>
{
    public PublishingDirectoryApi? Source { get; set; }

    protected override void ConfigureSettings(IWebHostBuilder builder) => builder.ConfigureServices(services =>
        services.AddHttpClient(OrukEndpoints.ImportClient).ConfigurePrimaryHttpMessageHandler(() => Source!.Server.CreateHandler()));
}

public sealed class RoundTripDirectories : IAsyncLifetime
{
    public PublishingDirectoryApi Publisher { get; } = new();
    public ImportingDirectoryApi Importer { get; } = new();

    public async Task InitializeAsync()
    {
        await Publisher.InitializeAsync();
        Importer.Source = Publisher;
        await Importer.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Importer.DisposeAsync();
        await Publisher.DisposeAsync();
    }
}

/// <summary>Our own feed imported into a second, empty instance over HTTP, then re-imported, changed and shrunk.</summary>
public sealed class ImportRoundTripTests(RoundTripDirectories directories) : IClassFixture<RoundTripDirectories>
{
    private const string FeedUrl = "http://localhost/services";

    [Fact]
    public async Task Importing_our_own_feed_creates_every_published_service_then_reimports_unchanged_updated_and_withdrawn()
    {
        var published = await PublishedIdsIn(directories.Publisher);

        var first = await Import();
        Assert.Equal(published.Count, first.GetProperty("created").GetInt32());
        Assert.Equal(0, first.GetProperty("rejected").GetInt32());
        Assert.True(first.GetProperty("completeFeed").GetBoolean());
        await using (var scope = directories.Importer.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
            Assert.Equal(published.Count, await db.Services.CountAsync(s => s.Status == ServiceStatus.PendingApproval));
            Assert.Equal(published.Count, await db.ListingChanges.CountAsync(c => c.Kind == ChangeKind.NewListing && c.Decision == ChangeDecision.Pending));
            // Imported listings wait for verification: nothing is public yet.
            Assert.Equal(0, await db.Services.CountAsync(s => s.Status == ServiceStatus.Active));
            var sample = await db.Services.Include(s => s.Organisation).FirstAsync(s => s.Name == "Good Neighbours home visits");
            Assert.NotEmpty(sample.Schedules);
            Assert.NotEmpty(sample.Terms);
            Assert.Single(sample.Locations);
            Assert.Equal(60, sample.Eligibility.MinimumAge);
            // Who welcomes newcomers travels as a titled contact and comes back as that, not as the listing's contact.
            var welcoming = await db.Services.FirstAsync(s => s.Name == "Friday Friendship Club");
            Assert.Equal("Maureen, or one of the club's volunteers", welcoming.WelcomedBy);
            Assert.Equal("Maureen", welcoming.Contact.Name);
        }

        var again = await Import();
        Assert.Equal(published.Count, again.GetProperty("unchanged").GetInt32());
        Assert.Equal(0, again.GetProperty("created").GetInt32() + again.GetProperty("updated").GetInt32());

        var changedId = published[0];
        await ChangeNameInPublisher(changedId, "Renamed by the publisher");
        var afterChange = await Import();
        Assert.Equal(1, afterChange.GetProperty("updated").GetInt32());
        Assert.Equal(published.Count - 1, afterChange.GetProperty("unchanged").GetInt32());
        var updated = afterChange.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("outcome").GetString() == "updated");
        Assert.Equal(changedId.ToString(), updated.GetProperty("externalId").GetString());
        await using (var scope = directories.Importer.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
            var serviceId = updated.GetProperty("serviceId").GetGuid();
            Assert.Equal("Renamed by the publisher", (await db.Services.SingleAsync(s => s.Id == serviceId)).Name);
            Assert.Equal(1, await db.ListingChanges.CountAsync(c => c.ServiceId == serviceId && c.Decision == ChangeDecision.Pending));
            Assert.Equal(published.Count, await db.Services.CountAsync());
        }

        var withdrawnId = published[1];
        await RemoveInPublisher(withdrawnId);
        var afterRemoval = await Import();
        Assert.Equal(1, afterRemoval.GetProperty("withdrawn").GetInt32());
        var removed = afterRemoval.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("outcome").GetString() == "withdrawn");
        Assert.Equal(withdrawnId.ToString(), removed.GetProperty("externalId").GetString());
        await using (var scope = directories.Importer.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
            var removedId = removed.GetProperty("serviceId").GetGuid();
            Assert.Equal(ServiceStatus.WithdrawnByPublisher, (await db.Services.SingleAsync(s => s.Id == removedId)).Status);
            Assert.Equal(published.Count, await db.Services.CountAsync());
        }
    }

    [Fact]
    public async Task Only_curators_may_import()
    {
        using var http = directories.Importer.ClientAs(TestTokens.For(Roles.Provider, Guid.NewGuid()));

        var response = await http.PostAsJsonAsync("/api/directory/import", new { url = FeedUrl });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_import_needs_exactly_one_of_url_or_json()
    {
        using var http = directories.Importer.ClientAs(TestTokens.For(Roles.Curator));

        var neither = await http.PostAsJsonAsync("/api/directory/import", new { publisher = "x" });
        var badUrl = await http.PostAsJsonAsync("/api/directory/import", new { url = "ftp://example.org/services" });

        Assert.Equal(HttpStatusCode.BadRequest, neither.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badUrl.StatusCode);
    }

    private async Task<JsonElement> Import()
    {
        using var http = directories.Importer.ClientAs(TestTokens.For(Roles.Curator));
        var response = await http.PostAsJsonAsync("/api/directory/import", new { url = FeedUrl });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<List<Guid>> PublishedIdsIn(ServiceApi<DirectoryModule> api)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
        return await db.Services.Where(s => s.Status == ServiceStatus.Active || s.Status == ServiceStatus.Suspended)
            .OrderBy(s => s.Id).Select(s => s.Id).ToListAsync();
    }

    private async Task ChangeNameInPublisher(Guid id, string name)
    {
        await using var scope = directories.Publisher.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
        var service = await db.Services.SingleAsync(s => s.Id == id);
        service.Apply(service.Details() with { Name = name }, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
    }

    private async Task RemoveInPublisher(Guid id)
    {
        await using var scope = directories.Publisher.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
        (await db.Services.SingleAsync(s => s.Id == id)).Remove(DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
    }
}
