using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using BuildingBlocks.Auth;
using DirectoryService;
using DirectoryService.Data;
using DirectoryService.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TestSupport;

namespace Directory.Tests.OpenReferral;

/// <summary>The profile's own example files, posted inline to the import API of an empty directory.</summary>
public sealed class ImportExampleFilesTests(ServiceApi<DirectoryModule> api) : IClassFixture<ServiceApi<DirectoryModule>>
{
    private static JsonNode Example(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(OrukSchemas.ReferenceFolder, "examples", name)))!;

    [Fact]
    public async Task The_example_service_list_is_imported_as_a_listing_pending_verification_and_stays_private()
    {
        var report = await Import(Example("service_list.json"), "examples-list");

        Assert.Equal(1, report.GetProperty("created").GetInt32());
        var serviceId = report.GetProperty("records")[0].GetProperty("serviceId").GetGuid();
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
            var service = await db.Services.Include(s => s.Organisation).SingleAsync(s => s.Id == serviceId);
            Assert.Equal(ServiceStatus.PendingApproval, service.Status);
            Assert.Equal("Community Counselling", service.Name);
            Assert.Equal("Example Organization Inc.", service.Organisation.Name);
            Assert.Equal(12, service.Eligibility.MinimumAge);
            Assert.True(await db.ListingChanges.AnyAsync(c => c.ServiceId == serviceId && c.Kind == ChangeKind.NewListing));
        }
        using var http = api.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/services/{serviceId}")).StatusCode);

        var again = await Import(Example("service_list.json"), "examples-list");
        Assert.Equal(1, again.GetProperty("unchanged").GetInt32());
    }

    [Fact]
    public async Task The_example_full_service_is_rejected_for_its_non_uk_postcode_and_coordinates_with_reasons()
    {
        var report = await Import(Example("service_full.json"), "examples-full");

        Assert.Equal(1, report.GetProperty("rejected").GetInt32());
        var reasons = report.GetProperty("records")[0].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Contains(reasons, r => r.Contains("postcode 'ABC 1234'"));
        Assert.Contains(reasons, r => r.Contains("coordinates"));
    }

    [Fact]
    public async Task The_example_full_service_with_a_uk_address_imports_schedules_costs_and_keeps_the_publishers_own_term()
    {
        var service = Example("service_full.json");
        var location = service["service_at_locations"]![0]!["location"]!;
        location["addresses"]![0]!["postal_code"] = "PO6 3AA";
        location["latitude"] = 50.85;
        location["longitude"] = -1.07;

        var report = await Import(service, "examples-full-uk");

        Assert.Equal(1, report.GetProperty("created").GetInt32());
        var record = report.GetProperty("records")[0];
        Assert.Contains(record.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("Publisher's own taxonomy terms kept"));
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
        var imported = await db.Services.SingleAsync(s => s.Id == record.GetProperty("serviceId").GetGuid());
        var schedule = Assert.Single(imported.Schedules);
        Assert.Equal(Frequency.Weekly, schedule.Frequency);
        Assert.Equal([DayOfWeek.Thursday, DayOfWeek.Friday], schedule.ByDay);
        Assert.Equal(new TimeOnly(10, 0), schedule.OpensAt);
        Assert.False(imported.Cost.IsFree);
        Assert.Equal(35m, imported.Cost.Amount);
        Assert.Empty(imported.Terms);
        var location2 = await db.Locations.SingleAsync(l => l.Id == imported.Locations.Single().LocationId);
        Assert.Equal("PO6 3AA", location2.Postcode);
    }

    [Fact]
    public async Task A_service_without_a_name_is_rejected_and_the_rest_of_the_page_still_imports()
    {
        var page = Example("service_list.json");
        var nameless = page["contents"]![0]!.DeepClone();
        nameless["id"] = Guid.NewGuid().ToString();
        nameless.AsObject().Remove("name");
        page["contents"]!.AsArray().Add(nameless);

        var report = await Import(page, "examples-nameless");

        Assert.Equal(1, report.GetProperty("created").GetInt32());
        Assert.Equal(1, report.GetProperty("rejected").GetInt32());
        var rejected = report.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("outcome").GetString() == "rejected");
        Assert.Contains("Missing name.", rejected.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }

    private async Task<JsonElement> Import(JsonNode json, string publisher)
    {
        using var http = api.ClientAs(TestTokens.For(Roles.Curator));
        var response = await http.PostAsJsonAsync("/api/directory/import", new { json, publisher });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
