using BuildingBlocks.Auth;
using TestSupport;

namespace BuildingBlocks.Tests.Hosting;

public sealed class ApiResponseHeadersTests
{
    [Fact]
    public async Task Answers_to_a_signed_in_caller_are_never_stored_and_never_sniffed()
    {
        await using var app = await ServiceDefaultsApp.StartAsync();
        using var http = app.Client(TestTokens.For(Roles.Resident));

        var response = await http.GetAsync("/me");

        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Refusals_and_open_answers_are_not_sniffed_either()
    {
        await using var app = await ServiceDefaultsApp.StartAsync();
        using var http = app.Client();

        var open = await http.GetAsync("/open");
        var refused = await http.GetAsync("/me");

        Assert.Equal("nosniff", open.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Null(open.Headers.CacheControl);
        Assert.Equal("nosniff", refused.Headers.GetValues("X-Content-Type-Options").Single());
    }
}
