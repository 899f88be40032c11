using System.Net;
using System.Text.Json;
using DirectoryService.Data;
using DirectoryService.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.OpenReferral;

/// <summary>
/// GET /organizations and /organizations/{id} on the demo directory. Expectations come from the services the feed
/// itself publishes (each carries its organisation), so an organisation left out or a service filed under the
/// wrong one fails.
/// </summary>
public sealed class OrukOrganizationsTests(DemoDirectoryApi api) : IClassFixture<DemoDirectoryApi>
{
    [Fact]
    public async Task The_list_pages_through_every_organisation_that_runs_a_published_activity_once()
    {
        var services = await AllPages("/services");
        var expected = services.Select(s => s.GetProperty("organization")).DistinctBy(o => o.GetProperty("id").GetString())
            .ToDictionary(o => o.GetProperty("id").GetString()!);
        var unpublished = await AddOrganisationWithoutPublishedActivities();

        var listed = await AllPages("/organizations", perPage: 7);

        Assert.True(expected.Count > 7, "the demo should need several pages");
        Assert.Equal(expected.Keys.Order(), listed.Select(o => o.GetProperty("id").GetString()!).Order());
        Assert.DoesNotContain(unpublished.ToString(), listed.Select(o => o.GetProperty("id").GetString()));
        foreach (var organisation in listed)
        {
            var published = expected[organisation.GetProperty("id").GetString()!];
            Assert.Equal(published.GetProperty("name").GetString(), organisation.GetProperty("name").GetString());
            Assert.Equal(published.GetProperty("description").GetString(), organisation.GetProperty("description").GetString());
            Assert.False(organisation.TryGetProperty("services", out _), "the list carries the organisations' own fields only");
        }
    }

    [Fact]
    public async Task An_organisation_by_id_carries_each_of_its_published_services()
    {
        var services = await AllPages("/services");

        foreach (var group in services.GroupBy(s => s.GetProperty("organization_id").GetString()!))
        {
            var organisation = await Get($"/organizations/{group.Key}");

            Assert.Equal(group.Key, organisation.GetProperty("id").GetString());
            Assert.Equal(group.First().GetProperty("organization").GetProperty("name").GetString(), organisation.GetProperty("name").GetString());
            var nested = organisation.GetProperty("services").EnumerateArray().ToList();
            Assert.Equal(group.Select(s => s.GetProperty("id").GetString()!).Order(), nested.Select(s => s.GetProperty("id").GetString()!).Order());
            Assert.All(nested, s => Assert.Equal(group.Key, s.GetProperty("organization_id").GetString()));
        }
    }

    [Fact]
    public async Task Full_service_nests_each_service_as_the_service_endpoint_publishes_it()
    {
        var services = await AllPages("/services");
        var organisationId = services.GroupBy(s => s.GetProperty("organization_id").GetString()!).OrderByDescending(g => g.Count()).First().Key;

        var organisation = await Get($"/organizations/{organisationId}?full_service=true");
        var brief = await Get($"/organizations/{organisationId}");

        var nested = organisation.GetProperty("services").EnumerateArray().ToList();
        Assert.True(nested.Count > 1);
        foreach (var service in nested)
        {
            var published = await Get($"/services/{service.GetProperty("id").GetString()}");
            Assert.Equal(WithoutOrganization(published), WithoutOrganization(service));
        }
        Assert.All(brief.GetProperty("services").EnumerateArray(), s => Assert.False(s.TryGetProperty("schedules", out _)));
    }

    [Fact]
    public async Task An_organisation_without_a_published_activity_is_not_found()
    {
        var unpublished = await AddOrganisationWithoutPublishedActivities();
        using var http = api.CreateClient();

        var response = await http.GetAsync($"/organizations/{unpublished}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Search_lists_the_organisations_whose_name_or_description_has_the_text()
    {
        var all = await AllPages("/organizations");
        var target = all.First(o => o.GetProperty("name").GetString()!.Split(' ').Any(w => w.Length > 6));
        var word = target.GetProperty("name").GetString()!.Split(' ').First(w => w.Length > 6);
        var expected = all.Where(o => $"{o.GetProperty("name").GetString()} {o.GetProperty("description").GetString()}"
            .Contains(word, StringComparison.OrdinalIgnoreCase)).Select(o => o.GetProperty("id").GetString()!).Order().ToList();

        var found = await AllPages($"/organizations?search={Uri.EscapeDataString(word.ToUpperInvariant())}");

        Assert.Contains(target.GetProperty("id").GetString(), expected);
        Assert.True(expected.Count < all.Count);
        Assert.Equal(expected, found.Select(o => o.GetProperty("id").GetString()!).Order());
    }

    /// <summary>An organisation whose only listing waits for approval: nothing of it is public yet.</summary>
    private async Task<Guid> AddOrganisationWithoutPublishedActivities()
    {
        using var scope = api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
        var organisation = new Organisation(Guid.NewGuid(), $"Unannounced group {Guid.NewGuid():N}", "Not public yet", null, null, null);
        db.Organisations.Add(organisation);
        db.Services.Add(new Service(Guid.NewGuid(), organisation, new ServiceDetails($"Pending club {Guid.NewGuid():N}", null, null, null,
            AttendingType.Online, new Eligibility(null, null, null), Cost.Free, new AccessMethods(true, true, true), new Contact(null, null, null),
            [], [], [], []), ServiceStatus.PendingApproval, DateTimeOffset.UtcNow, "test"));
        await db.SaveChangesAsync();
        return organisation.Id;
    }

    private static string WithoutOrganization(JsonElement service) =>
        JsonSerializer.Serialize(service.EnumerateObject().Where(p => p.Name != "organization").ToDictionary(p => p.Name, p => p.Value));

    private async Task<List<JsonElement>> AllPages(string path, int perPage = 100)
    {
        var items = new List<JsonElement>();
        var separator = path.Contains('?') ? '&' : '?';
        for (var number = 1; ; number++)
        {
            var page = await Get($"{path}{separator}page={number}&per_page={perPage}");
            items.AddRange(page.GetProperty("contents").EnumerateArray());
            if (page.GetProperty("last_page").GetBoolean()) return items;
        }
    }

    private async Task<JsonElement> Get(string path)
    {
        using var http = api.CreateClient();
        var response = await http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
