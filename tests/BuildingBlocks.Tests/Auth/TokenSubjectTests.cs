using System.Net;
using BuildingBlocks.Auth;
using BuildingBlocks.Tests.Hosting;
using TestSupport;

namespace BuildingBlocks.Tests.Auth;

public sealed class TokenSubjectTests
{
    [Fact]
    public async Task A_signed_token_without_a_subject_is_refused_on_a_protected_endpoint()
    {
        await using var app = await ServiceDefaultsApp.StartAsync();
        using var http = app.Client(TestTokens.WithoutSubject());

        var response = await http.GetAsync("/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_with_a_subject_is_that_user()
    {
        await using var app = await ServiceDefaultsApp.StartAsync();
        using var http = app.Client(TestTokens.For(Roles.Resident, userId: "resident-42"));

        Assert.Equal("resident-42", await http.GetStringAsync("/me"));
    }

    [Fact]
    public async Task Open_endpoints_still_answer_callers_without_a_token_and_treat_a_token_without_a_subject_as_no_one()
    {
        await using var app = await ServiceDefaultsApp.StartAsync();
        using var anonymous = app.Client();
        using var subjectless = app.Client(TestTokens.WithoutSubject());

        Assert.Equal(AuthSetup.Anonymous.Id, await anonymous.GetStringAsync("/open"));
        Assert.Equal(AuthSetup.Anonymous.Id, await subjectless.GetStringAsync("/open"));
    }
}
