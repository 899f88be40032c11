using System.Net;
using System.Text.Json;
using Json.Schema;

namespace Directory.Tests.OpenReferral;

/// <summary>Every ORUK endpoint's responses, over the whole demo directory, against the profile's published JSON schemas.</summary>
public sealed class OrukSchemaConformanceTests(DemoDirectoryApi api) : IClassFixture<DemoDirectoryApi>
{
    private static readonly string[] PageFields =
        ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents", "per_page"];

    [Fact]
    public async Task The_api_description_at_the_root_matches_the_schema()
    {
        var body = await Get("/");

        AssertValid(OrukSchemas.ResponseOf("/"), body, "/");
        Assert.Equal("3.0", body.GetProperty("version").GetString());
        Assert.True(Uri.IsWellFormedUriString(body.GetProperty("openapi_url").GetString(), UriKind.Absolute));
    }

    [Theory]
    [InlineData("/services")]
    [InlineData("/service_at_locations")]
    [InlineData("/taxonomies")]
    [InlineData("/taxonomy_terms")]
    public async Task Every_page_of_every_list_matches_the_schema(string path)
    {
        var pages = await AllPages(path);

        Assert.NotEmpty(pages.SelectMany(p => p.GetProperty("contents").EnumerateArray()));
        foreach (var page in pages)
        {
            AssertValid(OrukSchemas.ResponseOf(path), page, path);
            // The profile's Page lists these fields without marking them required: we always send all of them.
            Assert.Equal(PageFields.Order(), page.EnumerateObject().Select(p => p.Name).Order());
        }
    }

    [Fact]
    public async Task Every_service_matches_the_full_service_schema()
    {
        var ids = await IdsOf("/services");

        Assert.Equal(159, ids.Count);
        foreach (var id in ids)
        {
            var service = await Get($"/services/{id}");
            AssertValid(OrukSchemas.ResponseOf("/services/{id}"), service, $"/services/{id}");
            Assert.Equal(id, service.GetProperty("id").GetString());
        }
    }

    [Fact]
    public async Task Every_service_at_location_matches_the_full_service_at_location_schema()
    {
        var ids = await IdsOf("/service_at_locations");

        Assert.NotEmpty(ids);
        foreach (var id in ids)
        {
            var link = await Get($"/service_at_locations/{id}");
            // openapi.json names compiled/service.json for this response, but its description ("fully nested
            // service_at_location") and examples/service_at_location_full.json are a service_at_location: we follow those.
            AssertValid(OrukSchemas.File("compiled/service_at_location.json"), link, $"/service_at_locations/{id}");
            Assert.Equal(id, link.GetProperty("id").GetString());
            Assert.Equal(JsonValueKind.Object, link.GetProperty("service").GetProperty("organization").ValueKind);
            Assert.NotEmpty(link.GetProperty("location").GetProperty("addresses").EnumerateArray());
        }
    }

    [Fact]
    public async Task Every_page_of_organizations_matches_the_profile_and_the_validators_schemas()
    {
        var pages = await AllPages("/organizations");

        Assert.NotEmpty(pages.SelectMany(p => p.GetProperty("contents").EnumerateArray()));
        foreach (var page in pages)
        {
            AssertValid(OrukSchemas.PageOf("compiled/organization_list.json"), page, "/organizations");
            AssertValid(OrukSchemas.Website("organization_list.json"), page, "/organizations (website variant)");
            Assert.Equal(PageFields.Order(), page.EnumerateObject().Select(p => p.Name).Order());
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("?full_service=true")]
    public async Task Every_organization_matches_the_full_organization_schema(string query)
    {
        var ids = await IdsOf("/organizations");

        Assert.NotEmpty(ids);
        foreach (var id in ids)
        {
            var organization = await Get($"/organizations/{id}{query}");
            AssertValid(OrukSchemas.File("compiled/organization.json"), organization, $"/organizations/{id}{query}");
            AssertValid(OrukSchemas.Website("organization.json"), organization, $"/organizations/{id}{query} (website variant)");
            Assert.Equal(id, organization.GetProperty("id").GetString());
            Assert.NotEmpty(organization.GetProperty("services").EnumerateArray());
        }
    }

    [Theory]
    [InlineData("/taxonomies")]
    [InlineData("/taxonomy_terms")]
    public async Task Every_taxonomy_and_term_matches_its_schema(string path)
    {
        var ids = await IdsOf(path);

        Assert.NotEmpty(ids);
        foreach (var id in ids)
            AssertValid(OrukSchemas.ResponseOf($"{path}/{{id}}"), await Get($"{path}/{id}"), $"{path}/{id}");
    }

    [Fact]
    public void The_reference_examples_pass_the_same_validation_so_the_validator_is_not_vacuous()
    {
        var example = JsonDocument.Parse(File.ReadAllText(Path.Combine(OrukSchemas.ReferenceFolder, "examples", "service_full.json"))).RootElement;
        AssertValid(OrukSchemas.ResponseOf("/services/{id}"), example, "service_full.json");

        // Only the id's format is wrong: formats are asserted, not just annotated.
        var badId = JsonDocument.Parse("""{ "id": "not-a-uuid", "name": "A", "status": "active" }""").RootElement;
        Assert.NotEmpty(OrukSchemas.Failures(OrukSchemas.ResponseOf("/services/{id}"), badId));
        var organization = JsonDocument.Parse(File.ReadAllText(Path.Combine(OrukSchemas.ReferenceFolder, "examples", "organization_full.json"))).RootElement;
        AssertValid(OrukSchemas.File("compiled/organization.json"), organization, "organization_full.json");
        var organizations = JsonDocument.Parse(File.ReadAllText(Path.Combine(OrukSchemas.ReferenceFolder, "examples", "organization_list.json"))).RootElement;
        AssertValid(OrukSchemas.PageOf("compiled/organization_list.json"), organizations, "organization_list.json");
        AssertValid(OrukSchemas.Website("organization_list.json"), organizations, "organization_list.json (website variant)");
        var badOrganization = JsonDocument.Parse("""{ "total_items": 1, "contents": [{ "id": "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", "name": "A" }] }""").RootElement;
        Assert.NotEmpty(OrukSchemas.Failures(OrukSchemas.PageOf("compiled/organization_list.json"), badOrganization));
        Assert.NotEmpty(OrukSchemas.Failures(OrukSchemas.Website("organization_list.json"), badOrganization));
        var badStatus = JsonDocument.Parse("""{ "id": "ac148810-d857-441c-9679-408f346de14b", "name": "A", "status": "open" }""").RootElement;
        Assert.NotEmpty(OrukSchemas.Failures(OrukSchemas.ResponseOf("/services/{id}"), badStatus));
    }

    private async Task<JsonElement> Get(string path)
    {
        using var http = api.CreateClient();
        var response = await http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<List<JsonElement>> AllPages(string path)
    {
        var pages = new List<JsonElement>();
        for (var number = 1; ; number++)
        {
            var page = await Get($"{path}?page={number}&per_page=100");
            pages.Add(page);
            if (page.GetProperty("last_page").GetBoolean()) return pages;
        }
    }

    private async Task<List<string>> IdsOf(string path) =>
        [.. (await AllPages(path)).SelectMany(p => p.GetProperty("contents").EnumerateArray()).Select(c => c.GetProperty("id").GetString()!)];

    private static void AssertValid(JsonSchema schema, JsonElement instance, string what)
    {
        var failures = OrukSchemas.Failures(schema, instance);
        Assert.True(failures.Count == 0, $"{what} does not match the ORUK schema:\n{string.Join('\n', failures.Take(20))}");
    }
}
