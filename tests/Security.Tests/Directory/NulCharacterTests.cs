using System.Net;
using System.Net.Http.Json;
using Security.Tests.Support;

namespace Security.Tests.Directory;

/// <summary>PostgreSQL cannot store or compare text with a NUL in it: such a request is the caller's mistake (400), not a 500.</summary>
public sealed class NulCharacterTests(DirectorySecurityApi api) : IClassFixture<DirectorySecurityApi>
{
    [Fact]
    public async Task A_NUL_in_a_body_field_or_a_query_parameter_is_a_400_problem()
    {
        using var curator = api.ClientFor(Caller.Curator);

        var created = await curator.PostAsJsonAsync("/api/directory/organisations", new { name = "Quay\0side" });
        var searched = await curator.GetAsync("/api/directory/search?q=lunch&accessibility=%00");

        foreach (var response in new[] { created, searched })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
