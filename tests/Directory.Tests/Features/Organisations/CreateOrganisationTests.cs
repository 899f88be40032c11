using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BuildingBlocks.Auth;
using DirectoryService;
using TestSupport;

namespace Directory.Tests.Features.Organisations;

public sealed class CreateOrganisationTests(ServiceApi<DirectoryModule> api) : IClassFixture<ServiceApi<DirectoryModule>>
{
    [Fact]
    public async Task A_curator_creates_an_organisation()
    {
        using var http = api.ClientAs(TestTokens.For(Roles.Curator));

        var response = await http.PostAsJsonAsync("/api/directory/organisations",
            new { name = "Farlington Friendship Circle", email = "hello@friendship.example.org" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.NotNull(response.Headers.Location);
    }

    [Fact]
    public async Task Invalid_fields_get_a_400_problem_naming_each_field_and_nothing_is_saved()
    {
        using var http = api.ClientAs(TestTokens.For(Roles.Curator));

        var response = await http.PostAsJsonAsync("/api/directory/organisations",
            new { name = "", email = "not-an-email", website = "ftp://example.org" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("website", out _));
    }

    [Fact]
    public async Task Malformed_json_gets_a_400_problem_not_a_500()
    {
        using var http = api.ClientAs(TestTokens.For(Roles.Curator));

        var response = await http.PostAsync("/api/directory/organisations",
            new StringContent("{ \"name\": ", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(Roles.Practitioner, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Provider, HttpStatusCode.Forbidden)]
    public async Task Only_curators_create_organisations(string? role, HttpStatusCode expected)
    {
        using var http = api.ClientAs(role is null ? null : TestTokens.For(role, Guid.NewGuid()));

        var response = await http.PostAsJsonAsync("/api/directory/organisations", new { name = "Anything" });

        Assert.Equal(expected, response.StatusCode);
    }
    public static TheoryData<string, string> BadFields => new()
    {
        { "website", "https://example.org/" + new string('a', 500) },
        { "phone", new string('1', 41) },
        { "phone", "not a phone" },
        { "name", "Friends\0 of the park" },
        { "description", "Meets\0 weekly" },
        { "email", "hello\0@example.org" },
        { "website", "https://example.org/\0" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_field_that_cannot_be_stored_is_a_400_naming_it_on_create_and_update(string field, string value)
    {
        using var http = api.ClientAs(TestTokens.For(Roles.Curator));
        var body = new Dictionary<string, string> { ["name"] = "Friends of the park", [field] = value };

        var created = await http.PostAsJsonAsync("/api/directory/organisations", body);
        var existing = await http.PostAsJsonAsync("/api/directory/organisations", new { name = "Friends of the common" });
        var updated = await http.PutAsJsonAsync(existing.Headers.Location!.ToString(), body);

        foreach (var response in new[] { created, updated })
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
            Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
        }
    }
}
