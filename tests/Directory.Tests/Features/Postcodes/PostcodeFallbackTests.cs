using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BuildingBlocks.Auth;
using DirectoryService;
using TestSupport;

namespace Directory.Tests.Features.Postcodes;

/// <summary>
/// A full postcode the gazetteer lacks resolves to its sector, then its district, from the gazetteer's own points, and
/// says so; a district with no postcodes at all is still a 422 (issue #19). Its own postcodes (in YO62), so the demo
/// gazetteer does not matter.
/// </summary>
public sealed class PostcodeFallbackTests(ServiceApi<DirectoryModule> api) : IClassFixture<ServiceApi<DirectoryModule>>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        using var http = api.ClientAs(TestTokens.For(Roles.Curator));
        const string csv = """
            pcds,lat,long,osward,ward_name
            YO62 5AA,54.2000,-1.0000,E05000001,Helmsley
            YO62 5AB,54.2200,-1.0200,E05000001,Helmsley
            YO62 7AA,54.3000,-1.1000,E05000002,Kirkbymoorside
            """;
        var response = await http.PostAsync("/api/directory/postcodes/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<JsonElement> Lookup(string postcode)
    {
        using var http = api.ClientAs(null);
        var response = await http.GetAsync($"/api/directory/postcodes/{Uri.EscapeDataString(postcode)}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{postcode}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_known_postcode_is_its_own_point()
    {
        var place = await Lookup("yo62 5aa");

        Assert.Equal("postcode", place.GetProperty("precision").GetString());
        Assert.Equal("YO62 5AA", place.GetProperty("display").GetString());
        Assert.False(place.TryGetProperty("notFound", out _));
        Assert.Equal("Helmsley", place.GetProperty("ward").GetString());
    }

    [Fact]
    public async Task An_unknown_postcode_in_a_known_sector_is_the_centre_of_that_sectors_postcodes_and_says_so()
    {
        var place = await Lookup("YO62 5ZZ");

        Assert.Equal("sector", place.GetProperty("precision").GetString());
        Assert.Equal("YO62 5", place.GetProperty("display").GetString());
        Assert.Equal("YO62 5ZZ", place.GetProperty("notFound").GetString());
        Assert.Equal("YO62", place.GetProperty("outcode").GetString());
        Assert.Equal(54.21, place.GetProperty("latitude").GetDouble(), 6);
        Assert.Equal(-1.01, place.GetProperty("longitude").GetDouble(), 6);
        Assert.False(place.TryGetProperty("ward", out _));
    }

    [Fact]
    public async Task An_unknown_postcode_in_an_empty_sector_of_a_known_district_is_the_districts_centre()
    {
        var place = await Lookup("YO62 9ZZ");

        Assert.Equal("district", place.GetProperty("precision").GetString());
        Assert.Equal("YO62", place.GetProperty("display").GetString());
        Assert.Equal("YO62 9ZZ", place.GetProperty("notFound").GetString());
        Assert.Equal((54.2 + 54.22 + 54.3) / 3, place.GetProperty("latitude").GetDouble(), 6);
    }

    [Theory]
    [InlineData("YO61 1AA")] // no postcode in the district at all
    [InlineData("YO6 2AA")]  // sector "YO6 2" is not district YO62's sector 5 or 7: districts are compared whole
    public async Task An_unknown_postcode_in_an_unknown_district_is_still_a_422_naming_the_postcode(string postcode)
    {
        using var http = api.ClientAs(null);

        var response = await http.GetAsync($"/api/directory/postcodes/{Uri.EscapeDataString(postcode)}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("postcode", out _));
    }

    [Fact]
    public async Task A_district_asked_for_is_a_district_and_not_an_approximation()
    {
        var place = await Lookup("YO62");

        Assert.Equal("district", place.GetProperty("precision").GetString());
        Assert.False(place.TryGetProperty("notFound", out _));
    }

    [Fact]
    public async Task A_search_near_an_unknown_postcode_answers_with_the_sector_it_measured_from()
    {
        using var http = api.ClientAs(null);

        var response = await http.GetAsync("/api/directory/search?postcode=YO62%205XY&sort=distance");

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var near = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("near");
        Assert.Equal("sector", near.GetProperty("precision").GetString());
        Assert.Equal("YO62 5", near.GetProperty("display").GetString());
        Assert.Equal("YO62 5XY", near.GetProperty("notFound").GetString());
    }
}
