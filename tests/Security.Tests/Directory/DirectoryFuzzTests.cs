using Security.Tests.Support;
using Xunit.Abstractions;

namespace Security.Tests.Directory;

public sealed class DirectoryFuzzTests(DirectorySecurityApi api, ITestOutputHelper output) : IClassFixture<DirectorySecurityApi>
{
    [Fact]
    public async Task Malformed_requests_to_every_endpoint_get_problem_details_never_a_5xx_and_refused_ones_change_nothing() =>
        Coverage.AssertClean(await FuzzRun.RunAsync("Directory", api, DirectoryMatrix.Rows, FuzzRun.SeedFromEnvironment(),
            FuzzRun.RequestsPerEndpoint(), output), api.Endpoints);
}
