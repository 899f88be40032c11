using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using BuildingBlocks.Auth;
using DirectoryService;
using DirectoryService.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;

namespace Directory.Tests.Support;

/// <summary>
/// The Directory service in-process on PostgreSQL and RabbitMQ, with the daily freshness sweep switched off so tests
/// run it on demand. Reads the outbox table to assert which events were really written.
/// </summary>
public class DirectoryApi : ServiceApi<DirectoryModule>
{
    private static readonly JsonSerializerOptions EventJson = new(JsonSerializerDefaults.Web);

    /// <summary>The RabbitMQ virtual host this instance publishes to (PostgreSQL variant).</summary>
    public string VirtualHost { get; private set; } = "";

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        VirtualHost = builder.GetSetting("Bus:RabbitMq:VirtualHost") ?? "";
        builder.UseSetting("Directory:FreshnessMonitor:Enabled", "false");
    }

    public async Task<IReadOnlyList<T>> Published<T>()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
        var bodies = await db.Outbox.AsNoTracking().Where(m => m.MessageType == typeof(T).FullName)
            .OrderBy(m => m.OccurredAt).Select(m => m.Body).ToListAsync();
        return [.. bodies.Select(b => JsonSerializer.Deserialize<T>(b, EventJson)!)];
    }

    public async Task InDatabase(Func<DirectoryDb, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<DirectoryDb>());
    }

    public HttpClient Curator() => ClientAs(TestTokens.For(Roles.Curator, userId: "curator-1"));
    public HttpClient ProviderOf(Guid organisationId) => ClientAs(TestTokens.For(Roles.Provider, organisationId, "provider-1"));
    public HttpClient Anonymous() => ClientAs(null);

    public async Task<Guid> NewOrganisation(string name = "Cosham Lunch Club")
    {
        using var http = Curator();
        var response = await http.PostAsJsonAsync("/api/directory/organisations", new { name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async Task<Guid> NewLocation(Guid organisationId, string ward, string postcode = "PO6 3AA")
    {
        using var http = ProviderOf(organisationId);
        var response = await http.PostAsJsonAsync("/api/directory/locations",
            new { name = "St Mary's Hall", address1 = "1 Church Road", city = "Portsmouth", postcode, latitude = 50.85, longitude = -1.07, ward });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Lists an activity as the given client; returns the response (201 expected) body.</summary>
    public static async Task<JsonElement> Create(HttpClient http, JsonObject listing)
    {
        var response = await http.PostAsJsonAsync("/api/directory/services", listing);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A live listing (listed by a curator) for the organisation.</summary>
    public async Task<(Guid Id, JsonObject Body)> LiveListing(Guid organisationId, string name = "Tuesday lunch club",
        Guid[]? locations = null, string[]? terms = null)
    {
        var body = Listings.Body(organisationId, name, locations, terms);
        using var http = Curator();
        var created = await Create(http, body);
        return (created.GetProperty("id").GetGuid(), body);
    }
}

/// <summary>The same service on the embedded default's storage: a SQLite file and the in-memory bus.</summary>
public class SqliteDirectoryApi : DirectoryApi
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "directory-tests", $"directory-{Guid.NewGuid():N}.db");

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        base.ConfigureSettings(builder);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Database", $"Data Source={_file}");
        builder.UseSetting("Bus:Transport", "InMemory");
    }
}

public static class Listings
{
    public static JsonObject Body(Guid organisationId, string name = "Tuesday lunch club", Guid[]? locations = null, string[]? terms = null) =>
        (JsonObject)JsonSerializer.SerializeToNode(new
        {
            organisationId,
            name,
            summary = "A hot two-course lunch and good company.",
            description = "Come along for lunch, a cup of tea and a chat. New faces always welcome.",
            url = "https://lunch.example.org",
            attendingType = "in-person",
            eligibility = new { minimumAge = 50, description = "Older people" },
            cost = new { isFree = false, amount = 3.50m, currency = "GBP", description = "£3.50 a meal" },
            access = new { dropIn = true, selfReferral = true, practitionerReferral = true },
            contact = new { name = "Pat", email = "pat@lunch.example.org", phone = "023 9249 0000" },
            languages = new[] { "English" },
            taxonomyTerms = terms ?? ["lunch-clubs", "loneliness"],
            schedules = new[] { new { frequency = "weekly", byDay = new[] { "tuesday" }, opensAt = "12:00:00", closesAt = "14:00:00" } },
            locationIds = locations ?? [],
        })!;

    public static JsonObject With(this JsonObject body, string field, JsonNode? value)
    {
        var copy = (JsonObject)body.DeepClone();
        copy[field] = value;
        return copy;
    }

    public static async Task<JsonElement> Json(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static async Task<JsonElement> GetListing(this HttpClient http, Guid id)
    {
        var response = await http.GetAsync($"/api/directory/services/{id}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Json();
    }
}
