using System.Net;
using System.Text;
using System.Text.Json;
using Directory.Tests.Support;

namespace Directory.Tests.Features.Locations;

public sealed class SaveLocationInputTestsOnPostgres(DirectoryApi api) : SaveLocationInputTests<DirectoryApi>(api);

public sealed class SaveLocationInputTestsOnSqlite(SqliteDirectoryApi api) : SaveLocationInputTests<SqliteDirectoryApi>(api);

/// <summary>A location body with nulls in its list, control characters or wrong types: a 400 problem, never a 500.</summary>
public abstract class SaveLocationInputTests<TApi>(TApi api) : IClassFixture<TApi> where TApi : DirectoryApi
{
    [Theory]
    [InlineData("""{"name":"Hall\u0000"}""", "name")]
    [InlineData("""{"name":"Hall","address1":"1 Church\u0000 Road"}""", "address1")]
    [InlineData("""{"name":"Hall","city":"Ports\u0000mouth"}""", "city")]
    [InlineData("""{"name":"Hall","ward":"Cosham\u0000"}""", "ward")]
    [InlineData("""{"name":"Hall","accessibility":[null]}""", "accessibility[0]")]
    [InlineData("""{"name":"Hall","accessibility":["ramp\u0000"]}""", "accessibility[0]")]
    [InlineData("""{"name":"Hall","latitude":"north"}""", null)]
    [InlineData("""{"name":"Hall","latitude":1e400,"longitude":0}""", null)]
    [InlineData("""{"name":"Hall","accessibility":"ramp"}""", null)]
    public async Task A_bad_location_field_is_a_400_problem(string raw, string? field)
    {
        var org = await api.NewOrganisation($"Location input {Guid.NewGuid():N}");
        using var provider = api.ProviderOf(org);

        var response = await provider.PostAsync("/api/directory/locations", new StringContent(raw, Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null)
            Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
    }
}
