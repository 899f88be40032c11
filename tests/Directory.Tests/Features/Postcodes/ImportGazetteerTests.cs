using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BuildingBlocks.Auth;
using DirectoryService;
using TestSupport;

namespace Directory.Tests.Features.Postcodes;

public sealed class ImportGazetteerTests(ServiceApi<DirectoryModule> api) : IClassFixture<ServiceApi<DirectoryModule>>
{
    [Fact]
    public async Task A_curator_imports_an_onspd_file_and_the_postcodes_resolve()
    {
        using var http = api.ClientAs(TestTokens.For(Roles.Curator));
        const string csv = """
            pcd,pcds,lat,long,osward,ward_name,doterm
            "PO6 9ZZ","PO6 9ZZ",50.8500,-1.0700,E05002451,Cosham,
            "PO6 9ZY","PO6 9ZY",50.8510,-1.0710,E05002451,Cosham,200912
            "PO6 9ZX","PO6 9ZX",99.999999,0.000000,,,
            """;

        var response = await http.PostAsync("/api/directory/postcodes/import", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("onspd", result.GetProperty("format").GetString());
        Assert.Equal(1, result.GetProperty("imported").GetInt32());
        Assert.Equal(2, result.GetProperty("skipped").GetInt32());
        var place = await http.GetFromJsonAsync<JsonElement>("/api/directory/postcodes/po69zz");
        Assert.Equal("Cosham", place.GetProperty("ward").GetString());
        // The terminated postcode was not imported: it resolves only to its sector, as any postcode the gazetteer lacks.
        var terminated = await http.GetFromJsonAsync<JsonElement>("/api/directory/postcodes/PO69ZY");
        Assert.Equal("sector", terminated.GetProperty("precision").GetString());
        Assert.Equal("PO6 9ZY", terminated.GetProperty("notFound").GetString());
    }

    [Fact]
    public async Task A_code_point_open_file_is_converted_from_the_national_grid()
    {
        using var http = api.ClientAs(TestTokens.For(Roles.Curator));
        // Portsmouth Guildhall is near E 464100, N 100100 (about 50.7986 N, 1.0913 W).
        const string csv = "\"PO1 2AL\",10,464100,100100,\"E92000001\",\"E19000002\",\"E18000008\",\"\",\"E06000044\",\"E05002459\"\n";

        var response = await http.PostAsync("/api/directory/postcodes/import", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("code-point-open", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("format").GetString());
        var place = await http.GetFromJsonAsync<JsonElement>("/api/directory/postcodes/PO1%202AL");
        Assert.InRange(place.GetProperty("latitude").GetDouble(), 50.79, 50.81);
        Assert.InRange(place.GetProperty("longitude").GetDouble(), -1.10, -1.08);
    }

    [Fact]
    public async Task A_quoted_field_may_hold_commas_quotes_and_a_line_break()
    {
        using var http = api.ClientAs(TestTokens.For(Roles.Curator));
        const string csv = "pcds,lat,long,osward,ward_name\r\n\"PO3 5ZZ\",50.81,-1.05,E05002450,\"Baffins, \"\"East\"\"\nside\"\r\n";

        var response = await http.PostAsync("/api/directory/postcodes/import", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("imported").GetInt32());
        var place = await http.GetFromJsonAsync<JsonElement>("/api/directory/postcodes/PO35ZZ");
        Assert.Equal("Baffins, \"East\"\nside", place.GetProperty("ward").GetString());
    }

    [Fact]
    public async Task A_file_with_a_row_far_too_long_for_a_gazetteer_is_a_422()
    {
        using var http = api.ClientAs(TestTokens.For(Roles.Curator));

        var response = await http.PostAsync("/api/directory/postcodes/import",
            new StringContent(new string('a', 1_048_576), Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Only_curators_import()
    {
        using var http = api.ClientAs(TestTokens.For(Roles.Provider, Guid.NewGuid()));

        var response = await http.PostAsync("/api/directory/postcodes/import", new StringContent("pcds,lat,long\n", Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
    [Fact]
    public async Task Rows_that_do_not_fit_are_skipped_and_the_rest_imported()
    {
        using var http = api.ClientAs(TestTokens.For(Roles.Curator));
        var csv = string.Join('\n',
            "pcd,pcds,lat,long,osward,ward_name,doterm",
            "\"PO6 8ZZ\",\"PO6 8ZZ\",50.8500,-1.0700,E05002451,Cosham,",
            "\"ABCDEFGHIJKL\",\"ABCDEFGHIJKL\",50.85,-1.07,E05002451,Cosham,",
            "\"PO6 8ZY\",\"PO6 8ZY\",NaN,-1.07,E05002451,Cosham,",
            "\"PO6 8ZX\",\"PO6 8ZX\",50.85,1e400,E05002451,Cosham,",
            "\"PO6 8ZW\",\"PO6 8ZW\",50.85,-1.07,E0500245100000000,Cosham,",
            $"\"PO6 8ZV\",\"PO6 8ZV\",50.85,-1.07,E05002451,{new string('w', 101)},",
            "\"PO6 8ZU\",\"PO6 8ZU\",50.85,-1.07,E05002451,Cos\0ham,",
            "\"PO6 8ZT\",\"PO6 8ZT\",-95,-1.07,E05002451,Cosham,");

        var response = await http.PostAsync("/api/directory/postcodes/import", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, result.GetProperty("imported").GetInt32());
        Assert.Equal(7, result.GetProperty("skipped").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/directory/postcodes/PO68ZZ")).StatusCode);
    }

    [Fact]
    public async Task Code_point_rows_that_do_not_fit_are_skipped()
    {
        using var http = api.ClientAs(TestTokens.For(Roles.Curator));
        const string csv = "\"ABCDEFGHIJ\",10,464100,100100\n\"PO1 2AZ\",10,1e308,1e308\n\"PO1 2AY\",10,NaN,100100\n\"PO1 2AX\",10,464100,100100,a,b,c,d,e,E050024590000000\n";

        var response = await http.PostAsync("/api/directory/postcodes/import", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, result.GetProperty("imported").GetInt32());
        Assert.Equal(4, result.GetProperty("skipped").GetInt32());
    }
}
