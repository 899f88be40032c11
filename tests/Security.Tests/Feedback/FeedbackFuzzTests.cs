using Security.Tests.Support;
using Xunit.Abstractions;

namespace Security.Tests.Feedback;

public sealed class FeedbackFuzzTests(FeedbackSecurityApi api, ITestOutputHelper output) : IClassFixture<FeedbackSecurityApi>
{
    [Fact]
    public async Task Malformed_requests_to_every_endpoint_get_problem_details_never_a_5xx_and_refused_ones_change_nothing() =>
        Coverage.AssertClean(await FuzzRun.RunAsync("Feedback", api, FeedbackMatrix.Rows, FuzzRun.SeedFromEnvironment(),
            FuzzRun.RequestsPerEndpoint(), output), api.Endpoints);
}
