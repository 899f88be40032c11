using Security.Tests.Support;
using Xunit.Abstractions;

namespace Security.Tests.Referrals;

public sealed class ReferralsFuzzTests(ReferralsSecurityApi api, ITestOutputHelper output) : IClassFixture<ReferralsSecurityApi>
{
    [Fact]
    public async Task Malformed_requests_to_every_endpoint_get_problem_details_never_a_5xx_and_refused_ones_change_nothing() =>
        Coverage.AssertClean(await FuzzRun.RunAsync("Referrals", api, ReferralsMatrix.Rows, FuzzRun.SeedFromEnvironment(),
            FuzzRun.RequestsPerEndpoint(), output), api.Endpoints);
}
